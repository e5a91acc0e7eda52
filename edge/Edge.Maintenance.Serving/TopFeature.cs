using Edge.Contracts;
using Edge.Maintenance.Models;

namespace Edge.Maintenance.Serving;

/// <summary>One of a model's most contributing features at a window: its index in the manifest, its value and its contribution.</summary>
internal readonly record struct TopFeature(int Index, float Value, float Contribution)
{
    /// <summary>
    /// The <paramref name="count"/> features with the largest non-zero |contribution|, largest first, the lower index
    /// first on a tie (one pass with an insertion into a short sorted array, instead of sorting every feature).
    /// </summary>
    public static TopFeature[] Select(ReadOnlySpan<float> features, IReadOnlyList<float> contributions, int count)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        if (count <= 0)
        {
            return [];
        }

        var n = Math.Min(features.Length, contributions.Count);
        Span<TopFeature> top = count <= 32 ? stackalloc TopFeature[count] : new TopFeature[count];
        var filled = 0;
        for (var i = 0; i < n; i++)
        {
            var contribution = contributions[i];
            var magnitude = Math.Abs(contribution);
            if (contribution == 0 || (filled == count && magnitude <= Math.Abs(top[filled - 1].Contribution)))
            {
                continue;
            }

            // After every kept feature of at least this magnitude: ties keep the order of the features.
            var at = filled == count ? count - 1 : filled;
            while (at > 0 && Math.Abs(top[at - 1].Contribution) < magnitude)
            {
                at--;
            }

            var last = Math.Min(filled, count - 1);
            top[at..last].CopyTo(top[(at + 1)..]);
            top[at] = new TopFeature(i, features[i], contribution);
            filled = Math.Min(filled + 1, count);
        }

        return top[..filled].ToArray();
    }

    /// <summary>As reported: the manifest's name and training range, value and contribution rounded to 4 decimals.</summary>
    public static List<FeatureContribution> ToContributions(TopFeature[] top, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(top);
        ArgumentNullException.ThrowIfNull(manifest);
        var contributions = new List<FeatureContribution>(top.Length);
        foreach (var feature in top)
        {
            var i = feature.Index;
            contributions.Add(new FeatureContribution
            {
                Feature = manifest.FeatureNames[i],
                Value = Math.Round(feature.Value, 4),
                TrainingMin = i < manifest.Ranges.Count ? manifest.Ranges[i].Min : null,
                TrainingMax = i < manifest.Ranges.Count ? manifest.Ranges[i].Max : null,
                Contribution = Math.Round(feature.Contribution, 4),
            });
        }

        return contributions;
    }
}

using System.Globalization;

namespace Edge.Maintenance.Features;

/// <summary>The input channels of a model and the features computed from them, in the order the model sees them.</summary>
public sealed class FeatureSchema
{
    public FeatureSchema(IReadOnlyList<string> channels, FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(options);
        if (channels.Count == 0)
        {
            throw new ArgumentException("A feature schema needs at least one channel.", nameof(channels));
        }

        options.Validate();
        Channels = channels;
        Options = options;
        FeatureNames = BuildNames(channels, options);
        MaxWindow = options.Windows.Count == 0 ? 1 : options.Windows.Max();
    }

    public IReadOnlyList<string> Channels { get; }

    public FeatureOptions Options { get; }

    public IReadOnlyList<string> FeatureNames { get; }

    public int FeatureCount => FeatureNames.Count;

    /// <summary>The longest rolling window: the steps of every channel a sequence keeps.</summary>
    public int MaxWindow { get; }

    private static List<string> BuildNames(IReadOnlyList<string> channels, FeatureOptions options)
    {
        var names = new List<string>();
        foreach (var channel in channels)
        {
            if (options.Last)
            {
                names.Add($"{channel}.last");
            }

            foreach (var window in options.Windows)
            {
                if (options.Mean)
                {
                    names.Add($"{channel}.mean{window}");
                }

                if (options.StandardDeviation)
                {
                    names.Add($"{channel}.sd{window}");
                }

                if (options.Minimum)
                {
                    names.Add($"{channel}.min{window}");
                }

                if (options.Maximum)
                {
                    names.Add($"{channel}.max{window}");
                }

                if (options.Slope)
                {
                    names.Add($"{channel}.slope{window}");
                }
            }

            foreach (var alpha in options.EwmaAlphas)
            {
                names.Add($"{channel}.ewma{alpha.ToString("0.###", CultureInfo.InvariantCulture)}");
            }
        }

        if (options.Elapsed)
        {
            names.Add("elapsed");
        }

        return names;
    }
}

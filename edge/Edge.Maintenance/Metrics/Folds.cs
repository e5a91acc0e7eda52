namespace Edge.Maintenance.Metrics;

/// <summary>Fold assignments for cross-validation, reproducible from a seed.</summary>
public static class Folds
{
    /// <summary>
    /// Stratified: the items of each class are shuffled and dealt round-robin, so every fold holds about the same
    /// share of positives. Returns the fold of each item.
    /// </summary>
    public static int[] Stratified(IReadOnlyList<bool> labels, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var random = new Random(seed);
        var assignment = new int[labels.Count];
        foreach (var label in new[] { true, false })
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == label).ToArray();
            random.Shuffle(members);
            for (var k = 0; k < members.Length; k++)
            {
                assignment[members[k]] = k % folds;
            }
        }

        return assignment;
    }

    /// <summary>Grouped: all items of a group (an engine) land in the same fold, so no engine is seen in training and validation.</summary>
    public static Dictionary<int, int> Grouped(IEnumerable<int> groups, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var distinct = groups.Distinct().Order().ToArray();
        new Random(seed).Shuffle(distinct);
        var assignment = new Dictionary<int, int>();
        for (var k = 0; k < distinct.Length; k++)
        {
            assignment[distinct[k]] = k % folds;
        }

        return assignment;
    }
}

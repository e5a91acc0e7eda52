using Edge.Maintenance.Models;

namespace Edge.Maintenance.Drift;

/// <summary>
/// Population stability index of one feature over a rolling window of live values against its training histogram:
/// PSI = sum over bins of (live - reference) x ln(live / reference). Rule of thumb: below 0.1 stable, above 0.25 drifted.
/// Empty bins are floored at a small share so one empty bin does not make the index infinite.
/// </summary>
public sealed class PopulationStability
{
    public const double DriftThreshold = 0.25;
    private const double Floor = 1e-4;

    private readonly FeatureHistogram _reference;
    private readonly int[] _recentBins;
    private readonly int[] _counts;
    private int _next;

    public PopulationStability(FeatureHistogram reference, int window)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        _reference = reference;
        _recentBins = new int[window];
        _counts = new int[reference.Fractions.Count];
    }

    public int Count { get; private set; }

    public int Window => _recentBins.Length;

    public void Add(double value)
    {
        var bin = _reference.BinOf(value);
        if (Count == _recentBins.Length)
        {
            _counts[_recentBins[_next]]--;
        }
        else
        {
            Count++;
        }

        _recentBins[_next] = bin;
        _counts[bin]++;
        _next = (_next + 1) % _recentBins.Length;
    }

    /// <summary>The index over the values in the window (zero before any value).</summary>
    public double Index()
    {
        if (Count == 0)
        {
            return 0;
        }

        double psi = 0;
        for (var b = 0; b < _counts.Length; b++)
        {
            var live = Math.Max(Floor, (double)_counts[b] / Count);
            var reference = Math.Max(Floor, _reference.Fractions[b]);
            psi += (live - reference) * Math.Log(live / reference);
        }

        return psi;
    }

    /// <summary>PSI of two share vectors of equal length (same floor), for tests and offline checks.</summary>
    public static double Between(IReadOnlyList<double> reference, IReadOnlyList<double> live)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(live);
        if (reference.Count != live.Count)
        {
            throw new ArgumentException("Share vectors differ in length.");
        }

        double psi = 0;
        for (var b = 0; b < reference.Count; b++)
        {
            var r = Math.Max(Floor, reference[b]);
            var l = Math.Max(Floor, live[b]);
            psi += (l - r) * Math.Log(l / r);
        }

        return psi;
    }
}

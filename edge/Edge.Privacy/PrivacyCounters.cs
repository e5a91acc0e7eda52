using System.Diagnostics.Metrics;

namespace Edge.Privacy;

/// <summary>
/// Today's privacy counters (numbers only), exported as metrics and persisted in the ledger so the transparency
/// report survives restarts. They restart from zero when the store day changes.
/// </summary>
public sealed class PrivacyCounters : IDisposable
{
    private static readonly PrivacyCounter[] s_all = Enum.GetValues<PrivacyCounter>();
    private readonly long[] _values = new long[s_all.Length];
    private readonly Lock _gate = new();
    private readonly Meter? _meter;
    private DateOnly _day;

    public PrivacyCounters(IMeterFactory? meterFactory = null)
    {
        if (meterFactory is null)
        {
            return;
        }

        _meter = meterFactory.Create("Edge.Privacy");
        foreach (var counter in s_all)
        {
            var name = "edge.privacy." + ToSnakeCase(counter.ToString());
            _meter.CreateObservableGauge(name, () => Get(counter), description: "Today's count (resets when the store day changes).");
        }
    }

    public DateOnly Day
    {
        get
        {
            lock (_gate)
            {
                return _day;
            }
        }
    }

    public void Increment(PrivacyCounter counter) => Interlocked.Increment(ref _values[(int)counter]);

    public void Set(PrivacyCounter counter, long value) => Interlocked.Exchange(ref _values[(int)counter], value);

    public long Get(PrivacyCounter counter) => Interlocked.Read(ref _values[(int)counter]);

    public IReadOnlyDictionary<PrivacyCounter, long> Snapshot()
    {
        var snapshot = new Dictionary<PrivacyCounter, long>(s_all.Length);
        foreach (var counter in s_all)
        {
            snapshot[counter] = Get(counter);
        }

        return snapshot;
    }

    /// <summary>Starts <paramref name="day"/> from <paramref name="persisted"/> (or zeros) when it differs from the current day.</summary>
    /// <returns>True when the day changed.</returns>
    public bool StartDay(DateOnly day, IReadOnlyDictionary<PrivacyCounter, long>? persisted)
    {
        lock (_gate)
        {
            if (day == _day)
            {
                return false;
            }

            _day = day;
            foreach (var counter in s_all)
            {
                long value = 0;
                persisted?.TryGetValue(counter, out value);
                Set(counter, value);
            }

            return true;
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    public void Dispose() => _meter?.Dispose();
}

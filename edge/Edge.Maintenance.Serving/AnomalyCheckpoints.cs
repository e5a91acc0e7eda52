using Edge.Maintenance.Anomaly;

namespace Edge.Maintenance.Serving;

/// <summary>
/// Checkpoints of the anomaly fallback's baselines (per sensor: values seen, EWMA mean and standard deviation). The
/// detector keeps its state private, so a baseline is rebuilt by feeding a fresh detector a warm-up of values with
/// exactly that mean and (population) variance: the next window is judged against the same baseline as before the
/// restart. The CUSUM sums start again from zero. A row that cannot be read is counted and skipped.
/// </summary>
internal sealed class AnomalyCheckpoints
{
    private const int FormatVersion = 1;
    private const int HashBytes = 32;

    private readonly MaintenanceOptions _options;
    private readonly Dictionary<string, byte[]> _pending = new(StringComparer.Ordinal);
    private long _corrupt;

    public AnomalyCheckpoints(MaintenanceOptions options)
    {
        _options = options;
    }

    public long Corrupt => Interlocked.Read(ref _corrupt);

    public StreamingAnomalyDetector NewDetector() => new(new AnomalyOptions
    {
        ZThreshold = _options.AnomalyZThreshold,
        CusumThreshold = _options.AnomalyCusumThreshold,
        WarmUp = _options.AnomalyWarmUpWindows,
    });

    public void Load(IReadOnlyDictionary<string, byte[]> rows)
    {
        foreach (var (machine, bytes) in rows)
        {
            _pending[machine] = bytes;
        }
    }

    /// <summary>Gives a machine seen for the first time since the start its saved baselines, if any.</summary>
    public void Restore(string machine, MachineTracker tracker)
    {
        if (!_pending.Remove(machine, out var bytes))
        {
            return;
        }

        try
        {
            tracker.Detectors = Read(bytes);
        }
        catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException or IOException or ArgumentException)
        {
            Interlocked.Increment(ref _corrupt);
        }
    }

    /// <summary>Rows of every machine with baselines; machines not seen since the start keep their saved rows.</summary>
    public static List<KeyValuePair<string, byte[]>> Collect(IReadOnlyDictionary<string, MachineTracker> machines)
    {
        var rows = new List<KeyValuePair<string, byte[]>>();
        foreach (var (machine, tracker) in machines)
        {
            if (tracker.Detectors is { Count: > 0 } detectors)
            {
                rows.Add(new(machine, Write(detectors)));
            }
        }

        return rows;
    }

    /// <summary>Forgets a machine's saved baselines (a maintenance or failure restarts them).</summary>
    public void Forget(string machine) => _pending.Remove(machine);

    private static byte[] Write(Dictionary<string, StreamingAnomalyDetector> detectors)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(detectors.Count);
            foreach (var (sensor, detector) in detectors)
            {
                writer.Write(sensor);
                writer.Write(detector.Count);
                writer.Write(detector.Mean);
                writer.Write(detector.StandardDeviation);
            }
        }

        buffer.Write(System.Security.Cryptography.SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        return buffer.ToArray();
    }

    private Dictionary<string, StreamingAnomalyDetector> Read(byte[] bytes)
    {
        if (bytes.Length < HashBytes + 8 ||
            !System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, bytes.Length - HashBytes)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashBytes)))
        {
            throw new InvalidDataException("baseline checkpoint checksum mismatch");
        }

        using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - HashBytes, writable: false), System.Text.Encoding.UTF8);
        if (reader.ReadInt32() != FormatVersion)
        {
            throw new InvalidDataException("baseline checkpoint format");
        }

        var count = reader.ReadInt32();
        var detectors = new Dictionary<string, StreamingAnomalyDetector>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var sensor = reader.ReadString();
            var seen = reader.ReadInt64();
            var mean = reader.ReadDouble();
            var deviation = reader.ReadDouble();
            detectors[sensor] = Rebuild(seen, mean, deviation);
        }

        return detectors;
    }

    private StreamingAnomalyDetector Rebuild(long seen, double mean, double deviation)
    {
        var detector = NewDetector();
        var n = (int)Math.Min(seen, _options.AnomalyWarmUpWindows);
        if (n <= 0 || !double.IsFinite(mean) || !double.IsFinite(deviation))
        {
            return detector;
        }

        // n values with mean `mean` and population variance deviation²: pairs mean ± a, plus the mean itself when n is odd.
        var pairs = n / 2;
        var spread = n % 2 == 0 || n == 1 ? deviation : deviation * Math.Sqrt(n / (double)(n - 1));
        for (var p = 0; p < pairs; p++)
        {
            detector.Add(mean + spread);
            detector.Add(mean - spread);
        }

        if (n % 2 == 1)
        {
            detector.Add(mean);
        }

        return detector;
    }
}

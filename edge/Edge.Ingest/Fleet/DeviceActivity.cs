using System.Collections.Concurrent;
using System.Text.Json;
using Edge.Ingest.Telemetry;

namespace Edge.Ingest.Fleet;

/// <summary>
/// Per-device activity: online/offline, last seen, messages, readings, duplicates and rejections by reason. The running
/// gateway saves it to the activity file for <c>devices list</c> and serves it at <c>/api/devices</c>.
/// </summary>
public sealed class DeviceActivity
{
    /// <summary>Device ids tracked at most; with authentication off, topics are chosen by clients and must not grow memory without bound.</summary>
    public const int MaxDevices = 10_000;

    /// <summary>Where activity beyond <see cref="MaxDevices"/> is counted.</summary>
    public const string OverflowDeviceId = "_other";

    private readonly ConcurrentDictionary<string, DeviceCounters> _devices = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private long _changes;
    private long _savedChanges;

    public DeviceActivity(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    public void Connected(string deviceId) => Touch(deviceId).Connected(_timeProvider.GetUtcNow());

    public void Disconnected(string deviceId, string cause) => Touch(deviceId).Disconnected(_timeProvider.GetUtcNow(), cause);

    public void Accepted(string deviceId, int readings) => Touch(deviceId).Accepted(_timeProvider.GetUtcNow(), readings);

    public void Rejected(string deviceId, RejectionReason reason) => Touch(deviceId).Rejected(_timeProvider.GetUtcNow(), reason);

    /// <summary>True the first time <paramref name="sequence"/> is seen from <paramref name="deviceId"/> (within its window).</summary>
    public bool TryAcceptSequence(string deviceId, long sequence) => Touch(deviceId).TryAcceptSequence(sequence);

    public IReadOnlyList<DeviceActivitySnapshot> Snapshot() =>
        [.. _devices.Select(pair => pair.Value.Snapshot(pair.Key)).OrderBy(device => device.DeviceId, StringComparer.Ordinal)];

    public DeviceActivitySnapshot? Find(string deviceId) => _devices.TryGetValue(deviceId, out var counters) ? counters.Snapshot(deviceId) : null;

    /// <summary>Writes the activity file if anything changed since the last save.</summary>
    public void SaveIfChanged(string path)
    {
        var changes = Interlocked.Read(ref _changes);
        if (changes == _savedChanges)
        {
            return;
        }

        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, new DeviceActivityDocument(_timeProvider.GetUtcNow(), Snapshot()), FleetJsonContext.Default.DeviceActivityDocument);
        }

        File.Move(temporary, path, overwrite: true);
        _savedChanges = changes;
    }

    public static DeviceActivityDocument? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return JsonSerializer.Deserialize(stream, FleetJsonContext.Default.DeviceActivityDocument);
    }

    private DeviceCounters Touch(string deviceId)
    {
        Interlocked.Increment(ref _changes);
        if (_devices.TryGetValue(deviceId, out var counters))
        {
            return counters;
        }

        return _devices.GetOrAdd(_devices.Count < MaxDevices ? deviceId : OverflowDeviceId, static _ => new DeviceCounters());
    }
}

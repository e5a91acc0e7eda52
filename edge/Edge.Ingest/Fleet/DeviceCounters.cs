using Edge.Ingest.Telemetry;

namespace Edge.Ingest.Fleet;

/// <summary>One device's counters and duplicate window. Every member locks: a device's messages may arrive on several connections.</summary>
internal sealed class DeviceCounters
{
    private static readonly int s_reasons = Enum.GetValues<RejectionReason>().Length;

    private readonly Lock _gate = new();
    private readonly long[] _rejections = new long[s_reasons];
    private readonly SequenceWindow _sequences = new();
    private int _connections;
    private string? _offlineCause;
    private DateTimeOffset? _lastSeen;
    private long _messages;
    private long _readings;
    private long _duplicates;

    public void Connected(DateTimeOffset now)
    {
        lock (_gate)
        {
            _connections++;
            _offlineCause = null;
            _lastSeen = now;
        }
    }

    public void Disconnected(DateTimeOffset now, string cause)
    {
        lock (_gate)
        {
            _connections = Math.Max(0, _connections - 1);
            if (_connections == 0)
            {
                _offlineCause = cause;
            }

            _lastSeen = now;
        }
    }

    public void Accepted(DateTimeOffset now, int readings)
    {
        lock (_gate)
        {
            _messages++;
            _readings += readings;
            _lastSeen = now;
        }
    }

    public void Rejected(DateTimeOffset now, RejectionReason reason)
    {
        lock (_gate)
        {
            _rejections[(int)reason]++;
            if (reason == RejectionReason.Duplicate)
            {
                _duplicates++;
            }

            _lastSeen = now;
        }
    }

    public bool TryAcceptSequence(long sequence)
    {
        lock (_gate)
        {
            var fresh = _sequences.TryAccept(sequence);
            if (!fresh)
            {
                _duplicates++;
            }

            return fresh;
        }
    }

    public DeviceActivitySnapshot Snapshot(string deviceId)
    {
        lock (_gate)
        {
            var rejections = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var i = 0; i < _rejections.Length; i++)
            {
                if (_rejections[i] > 0)
                {
                    rejections[((RejectionReason)i).ToString()] = _rejections[i];
                }
            }

            return new DeviceActivitySnapshot(
                deviceId, _connections > 0, _connections > 0 ? null : _offlineCause, _lastSeen, _messages, _readings, _duplicates, rejections);
        }
    }
}

using System.Collections.Concurrent;
using System.Net;

namespace Edge.Cloud.Ingest;

/// <summary>
/// Failed logins per source address: after <see cref="MaxFailures"/> failures within <see cref="Window"/> an address is
/// refused without a look-up until the window that began with its first failure ends. Bounded: at most
/// <see cref="MaxAddresses"/> addresses are tracked; beyond that, expired entries are dropped, and if none has expired,
/// new addresses share one bucket (so a flood of spoofed sources throttles itself rather than growing memory).
/// </summary>
internal sealed class ConnectThrottle
{
    public const int MaxFailures = 10;
    public const int MaxAddresses = 10_000;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private static readonly IPAddress s_overflow = IPAddress.None;
    private readonly ConcurrentDictionary<IPAddress, Entry> _failures = new();
    private readonly TimeProvider _timeProvider;

    public ConnectThrottle(TimeProvider timeProvider) => _timeProvider = timeProvider;

    /// <summary>True when <paramref name="address"/> has used up its failures for now.</summary>
    public bool IsBlocked(IPAddress? address)
    {
        if (_failures.TryGetValue(Key(address), out var entry))
        {
            return IsSpent(entry);
        }

        // An address not tracked because the table is full is judged by the shared bucket its failures go to.
        return _failures.Count >= MaxAddresses && _failures.TryGetValue(s_overflow, out var shared) && IsSpent(shared);
    }

    private bool IsSpent(Entry entry) => entry.Count >= MaxFailures && _timeProvider.GetUtcNow() - entry.Since < Window;

    public void OnFailure(IPAddress? address)
    {
        var now = _timeProvider.GetUtcNow();
        var key = Key(address);
        if (!_failures.ContainsKey(key) && _failures.Count >= MaxAddresses)
        {
            foreach (var (stale, entry) in _failures)
            {
                if (now - entry.Since >= Window)
                {
                    _failures.TryRemove(stale, out _);
                }
            }

            if (_failures.Count >= MaxAddresses)
            {
                key = s_overflow;
            }
        }

        _failures.AddOrUpdate(key, _ => new Entry(now, 1), (_, entry) => now - entry.Since >= Window ? new Entry(now, 1) : entry with { Count = entry.Count + 1 });
    }

    /// <summary>A successful login does not clear the address: several gateways behind one NAT should not reset an attacker's count.</summary>
    private static IPAddress Key(IPAddress? address) => address is null ? s_overflow : address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private readonly record struct Entry(DateTimeOffset Since, int Count);
}

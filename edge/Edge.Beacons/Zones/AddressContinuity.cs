using Edge.Beacons.Configuration;

namespace Edge.Beacons.Zones;

/// <summary>
/// Recognizes a phone that rotated its address: a provisional address is linked to a confirmed one that fell silent in
/// the same zone just before it appeared, with a similar signal and the same device class, so the visit continues under
/// the old visitor handle instead of counting a second visitor. Not thread-safe: <see cref="ZoneTracker"/> locks.
/// </summary>
internal sealed class AddressContinuity
{
    // A new address may appear slightly before the old one's last queued sighting is processed.
    private static readonly TimeSpan s_continuityOverlap = TimeSpan.FromSeconds(2);

    private readonly FootfallOptions _options;
    private readonly DeviceTable _table;
    private readonly ZoneVisitLedger _ledger;

    public AddressContinuity(FootfallOptions options, DeviceTable table, ZoneVisitLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(ledger);
        _options = options;
        _table = table;
        _ledger = ledger;
    }

    /// <summary>
    /// Links the provisional <paramref name="fresh"/> (in <paramref name="freshSlot"/>) to the best-matching silent
    /// visitor: it takes over that visitor's handle and open visit, and the old address leaves the table.
    /// </summary>
    /// <returns>False when no visitor matches; <paramref name="fresh"/> is then unchanged.</returns>
    public bool TryLink(int freshSlot, DeviceTrack fresh, DateTimeOffset now)
    {
        var match = -1;
        var matchScore = double.MaxValue;
        for (var slot = 0; slot < _table.HighWater; slot++)
        {
            // Most tracks fail on zone or confirmation: test those on the stored state before building a view.
            if (slot == freshSlot || !_table.IsUsed(slot) || !_table.State(slot).Confirmed || _table.State(slot).Zone != fresh.Zone)
            {
                continue;
            }

            var old = _table.Track(slot);
            if (!old.Confirmed || old.Zone != fresh.Zone ||
                (old.DeviceClass >= 0 && fresh.DeviceClass >= 0 && old.DeviceClass != fresh.DeviceClass) ||
                now - old.LastSeen < _options.ContinuityMinimumSilence)
            {
                continue;
            }

            var gap = fresh.FirstSeen - old.LastSeen;
            if (gap > _options.ContinuityMaximumGap || gap < -s_continuityOverlap)
            {
                continue;
            }

            var difference = Math.Abs(old.Smoothed(old.Zone) - fresh.Smoothed(fresh.Zone));
            if (difference > _options.ContinuityMaximumRssiDifferenceDb)
            {
                continue;
            }

            var score = difference + Math.Abs(gap.TotalSeconds);
            if (score < matchScore)
            {
                match = slot;
                matchScore = score;
            }
        }

        if (match < 0)
        {
            return false;
        }

        var matched = _table.Track(match);
        fresh.Visitor = matched.Visitor;
        fresh.Confirmed = true;
        fresh.ZoneEntered = matched.ZoneEntered;
        fresh.LastReported = matched.LastReported;
        _table.Remove(match);
        _ledger.CountLinked(fresh.Zone);
        return true;
    }
}

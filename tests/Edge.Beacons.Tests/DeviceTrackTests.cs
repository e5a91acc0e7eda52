using Edge.Beacons.Zones;
using Edge.Privacy;

namespace Edge.Beacons.Tests;

public sealed class DeviceTrackTests : IDisposable
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_tau = TimeSpan.FromSeconds(8);
    private readonly Pseudonymizer _pseudonymizer = new();

    private DeviceTrack NewTrack() => new(_pseudonymizer.Pseudonymize([1, 2, 3]), 3, s_start, 76);

    [Fact]
    public void UpdateSignal_FirstSighting_TakesTheRssi()
    {
        var track = NewTrack();

        track.UpdateSignal(1, -63, s_start, s_tau);

        Assert.Equal(-63, track.Smoothed(1), 3);
        Assert.True(track.IsFresh(1, s_start, s_tau));
        Assert.False(track.IsFresh(0, s_start, s_tau));
    }

    [Fact]
    public void UpdateSignal_OneTimeConstantLater_MovesOneMinusOneOverETowardsTheNewRssi()
    {
        var track = NewTrack();
        track.UpdateSignal(0, -60, s_start, s_tau);

        track.UpdateSignal(0, -70, s_start + s_tau, s_tau);

        Assert.Equal(-60 + ((1 - Math.Exp(-1)) * -10), track.Smoothed(0), 3);
    }

    [Fact]
    public void UpdateSignal_SilentForMoreThanTwoTimeConstants_StartsAfresh()
    {
        var track = NewTrack();
        track.UpdateSignal(2, -60, s_start, s_tau);

        Assert.True(track.IsFresh(2, s_start + (2 * s_tau), s_tau));
        Assert.False(track.IsFresh(2, s_start + (2 * s_tau) + TimeSpan.FromMilliseconds(1), s_tau));
        track.UpdateSignal(2, -80, s_start + (2 * s_tau) + TimeSpan.FromSeconds(1), s_tau);

        Assert.Equal(-80, track.Smoothed(2), 3);
    }

    [Fact]
    public void UpdateSignal_LateSightingOlderThanTheLast_DoesNotMoveLastHeardBack()
    {
        var track = NewTrack();
        track.UpdateSignal(0, -60, s_start + TimeSpan.FromSeconds(10), s_tau);

        track.UpdateSignal(0, -60, s_start + TimeSpan.FromSeconds(5), s_tau);

        Assert.True(track.IsFresh(0, s_start + TimeSpan.FromSeconds(26), s_tau));
    }

    [Fact]
    public void Instants_StoredAsTicks_ReadBackAsTheSameUtcInstants()
    {
        var track = NewTrack();
        var later = s_start.AddMilliseconds(12_345);

        track.LastSeen = later;
        track.ZoneEntered = later.AddSeconds(1);
        track.CandidateSince = later.AddSeconds(2);
        track.LastReported = later.AddSeconds(3);

        Assert.Equal(s_start, track.FirstSeen);
        Assert.Equal(later, track.LastSeen);
        Assert.Equal(later.AddSeconds(1), track.ZoneEntered);
        Assert.Equal(later.AddSeconds(2), track.CandidateSince);
        Assert.Equal(later.AddSeconds(3), track.LastReported);
        Assert.Equal(default, NewTrack().LastReported);
    }

    public void Dispose() => _pseudonymizer.Dispose();
}

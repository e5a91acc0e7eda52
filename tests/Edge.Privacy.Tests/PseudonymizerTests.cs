using Edge.Privacy;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Privacy.Tests;

public sealed class PseudonymizerTests
{
    private static readonly byte[] s_address = [0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF];

    private static (FakeTimeProvider Time, Pseudonymizer Pseudonymizer) Create(DateTimeOffset start, TimeZoneInfo? zone = null)
    {
        var time = new FakeTimeProvider(start);
        if (zone is not null)
        {
            time.SetLocalTimeZone(zone);
        }

        var options = new PrivacyOptions { KeyRotationTime = new TimeOnly(4, 0) };
        return (time, new Pseudonymizer(time, Options.Create(options)));
    }

    [Fact]
    public void Pseudonymize_SameDay_IsStable()
    {
        var (time, pseudonymizer) = Create(FootfallTestKit.At(9, 0));
        using var _ = pseudonymizer;

        var morning = pseudonymizer.Pseudonymize(s_address);
        time.SetUtcNow(FootfallTestKit.At(20, 0));
        var evening = pseudonymizer.Pseudonymize(s_address);

        Assert.Equal(morning, evening);
    }

    [Fact]
    public void Pseudonymize_AcrossRotationTime_SharesNoPseudonymWithThePreviousDay()
    {
        var (time, pseudonymizer) = Create(FootfallTestKit.At(9, 0));
        using var _ = pseudonymizer;
        var devices = Enumerable.Range(0, 500).Select(i => BitConverter.GetBytes((long)i)).ToArray();

        var dayOne = devices.Select(d => pseudonymizer.Pseudonymize(d)).ToHashSet();
        time.Advance(TimeSpan.FromDays(1));
        var dayTwo = devices.Select(d => pseudonymizer.Pseudonymize(d)).ToHashSet();

        Assert.Equal(500, dayOne.Count);
        Assert.Empty(dayOne.Intersect(dayTwo));
        Assert.Equal(1, pseudonymizer.Epoch);
    }

    [Fact]
    public void RotateIfDue_AtConfiguredLocalTime_RotatesOnceAndNotBefore()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        // 02:59 UTC is 03:59 in Paris (UTC+1 in November): one minute before the 04:00 rotation.
        var (time, pseudonymizer) = Create(FootfallTestKit.At(2, 59), paris);
        using var _ = pseudonymizer;

        Assert.False(pseudonymizer.RotateIfDue());
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(pseudonymizer.RotateIfDue());
        Assert.False(pseudonymizer.RotateIfDue());
        Assert.Equal(new DateOnly(2026, 11, 30), pseudonymizer.KeyDay);
    }

    [Fact]
    public void Pseudonymize_ClockJumpsBackToPreviousDayAndForwardAgain_NeverReusesAKeyAcrossDays()
    {
        var clock = new JumpingClock(FootfallTestKit.At(10, 0));
        using var pseudonymizer = new Pseudonymizer(clock, Options.Create(new PrivacyOptions()));
        var today = pseudonymizer.Pseudonymize(s_address);

        // An NTP correction (or a Pi without RTC) sets the clock back into yesterday, then forward again.
        clock.SetWallClock(FootfallTestKit.At(10, 0).AddDays(-1));
        var yesterday = pseudonymizer.Pseudonymize(s_address);
        clock.SetWallClock(FootfallTestKit.At(11, 0));
        var todayAgain = pseudonymizer.Pseudonymize(s_address);
        clock.SetWallClock(FootfallTestKit.At(11, 0).AddDays(3));
        var later = pseudonymizer.Pseudonymize(s_address);

        Assert.Equal(4, new HashSet<Pseudonym> { today, yesterday, todayAgain, later }.Count);
        Assert.Equal(3, pseudonymizer.Epoch);
    }

    [Fact]
    public void Pseudonymize_WallClockHeldBackForMoreThanADay_RotatesByMonotonicAge()
    {
        var clock = new JumpingClock(FootfallTestKit.At(10, 0));
        using var pseudonymizer = new Pseudonymizer(clock, Options.Create(new PrivacyOptions()));
        var before = pseudonymizer.Pseudonymize(s_address);

        // 25 hours pass, but the wall clock is set back to the same morning: the key day looks unchanged.
        clock.Advance(TimeSpan.FromHours(25));
        clock.SetWallClock(FootfallTestKit.At(10, 30));
        var after = pseudonymizer.Pseudonymize(s_address);

        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Pseudonymize_TwoProcesses_ShareNoPseudonym()
    {
        // A restart is a new instance with a new random key.
        using var first = new Pseudonymizer();
        using var second = new Pseudonymizer();

        Assert.NotEqual(first.Pseudonymize(s_address), second.Pseudonymize(s_address));
    }

    [Fact]
    public void Pseudonymize_AfterDispose_Throws()
    {
        var pseudonymizer = new Pseudonymizer();
        pseudonymizer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pseudonymizer.Pseudonymize(s_address));
    }
}

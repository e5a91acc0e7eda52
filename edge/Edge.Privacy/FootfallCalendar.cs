using Microsoft.Extensions.Options;

namespace Edge.Privacy;

/// <summary>
/// Store-local time arithmetic: the windows of a day (opening hours cut into <see cref="PrivacyOptions.Window"/>),
/// their grouping into releases, and the key day an instant belongs to (days start at the key rotation time).
/// </summary>
internal sealed class FootfallCalendar
{
    private readonly PrivacyOptions _options;

    public FootfallCalendar(IOptions<PrivacyOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Value;
        TimeZone = string.IsNullOrEmpty(_options.TimeZone)
            ? timeProvider.LocalTimeZone
            : TimeZoneInfo.FindSystemTimeZoneById(_options.TimeZone);
    }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>Number of windows in a day of <paramref name="options"/> (the last one may be shorter).</summary>
    public static int CountWindows(PrivacyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var open = OpenSpan(options);
        return (int)Math.Ceiling(open.Ticks / (double)options.Window.Ticks);
    }

    public FootfallDayPlan PlanFor(DateOnly day)
    {
        var count = CountWindows(_options);
        var releases = _options.ReleasesPerDay;
        var opening = day.ToDateTime(_options.OpeningTime);
        var closing = opening + OpenSpan(_options);
        var windows = new FootfallWindow[count];
        for (var i = 0; i < count; i++)
        {
            var localStart = opening + (_options.Window * i);
            var localEnd = localStart + _options.Window;
            if (localEnd > closing)
            {
                localEnd = closing;
            }

            // Windows are cut evenly into releases: release r holds windows [r*n/R, (r+1)*n/R).
            var release = (int)((long)i * releases / count);
            windows[i] = new FootfallWindow(day, i, ToUtc(localStart), ToUtc(localEnd), release);
        }

        return new FootfallDayPlan(day, windows, releases);
    }

    /// <summary>The window containing <paramref name="instant"/>, or null outside opening hours.</summary>
    public FootfallWindow? WindowAt(DateTimeOffset instant)
    {
        var localDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);
        // Opening hours that run past midnight belong to the day they started on.
        for (var offset = -1; offset <= 0; offset++)
        {
            foreach (var window in PlanFor(localDay.AddDays(offset)).Windows)
            {
                if (instant >= window.Start && instant < window.End)
                {
                    return window;
                }
            }
        }

        return null;
    }

    /// <summary>The store day of <paramref name="instant"/> for collection (the day whose opening hours it falls in, if any).</summary>
    public DateOnly StoreDay(DateTimeOffset instant) =>
        WindowAt(instant)?.Day ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>
    /// The key day of <paramref name="instant"/>: the local date of the last rotation time at or before it.
    /// A key is only ever used for one key day, which is what makes consecutive days share no pseudonym.
    /// </summary>
    public DateOnly KeyDay(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;
        var day = DateOnly.FromDateTime(local);
        return TimeOnly.FromDateTime(local) < _options.KeyRotationTime ? day.AddDays(-1) : day;
    }

    /// <summary>The next rotation instant strictly after <paramref name="instant"/>.</summary>
    public DateTimeOffset NextRotation(DateTimeOffset instant)
    {
        var next = KeyDay(instant).AddDays(1).ToDateTime(_options.KeyRotationTime);
        return ToUtc(next);
    }

    private static TimeSpan OpenSpan(PrivacyOptions options)
    {
        var span = options.ClosingTime - options.OpeningTime;
        return span <= TimeSpan.Zero ? span + TimeSpan.FromDays(1) : span;
    }

    private DateTimeOffset ToUtc(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A local time skipped by a daylight-saving jump does not exist; take the first instant after the gap.
        while (TimeZone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, TimeZone), TimeSpan.Zero);
    }
}

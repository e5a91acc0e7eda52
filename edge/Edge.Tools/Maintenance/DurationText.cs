using System.Globalization;

namespace Edge.Tools.Maintenance;

/// <summary>Durations on the command line: a number and a unit, <c>90m</c>, <c>48h</c>, <c>2d</c> (also <c>1.5h</c>); a plain TimeSpan (<c>02:00:00</c>) is taken too.</summary>
internal static class DurationText
{
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        if (value.Length >= 2 && double.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number) && number > 0)
        {
            switch (char.ToLowerInvariant(value[^1]))
            {
                case 'm':
                    return TimeSpan.FromMinutes(number);
                case 'h':
                    return TimeSpan.FromHours(number);
                case 'd':
                    return TimeSpan.FromDays(number);
            }
        }

        if (value.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        throw new FormatException($"'{text}' is not a duration: use a positive number with m, h or d (90m, 48h, 2d).");
    }
}

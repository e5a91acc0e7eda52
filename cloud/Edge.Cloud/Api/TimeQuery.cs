using System.Globalization;

namespace Edge.Cloud.Api;

/// <summary>Parses optional query times and days, collecting readable errors for a validation problem.</summary>
internal static class TimeQuery
{
    public static DateTimeOffset ParseOr(string? value, DateTimeOffset fallback, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        errors[name] = [$"'{value}' is not an ISO 8601 time, for example 2026-11-29T14:00:00Z."];
        return fallback;
    }

    public static DateOnly ParseDayOr(string? value, DateOnly fallback, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return parsed;
        }

        errors[name] = [$"'{value}' is not a day, for example 2026-11-29."];
        return fallback;
    }
}

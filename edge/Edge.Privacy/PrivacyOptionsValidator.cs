using Edge.Contracts;
using Microsoft.Extensions.Options;

namespace Edge.Privacy;

/// <summary>Checks <see cref="PrivacyOptions"/> at start-up; every message names the key and the fix.</summary>
internal sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!SafeLabel.IsValid(options.StoreId, out var reason))
        {
            failures.Add($"Privacy:StoreId '{options.StoreId}' is not a valid label ({reason}); use a short name such as store-lyon-1.");
        }

        // No zones means no footfall: nothing is collected or released (a gateway without beacons).
        foreach (var zone in options.Zones)
        {
            if (!SafeLabel.IsValid(zone, out reason))
            {
                failures.Add($"Privacy:Zones entry '{zone}' is not a valid label ({reason}).");
            }
        }

        if (options.Zones.Distinct(StringComparer.Ordinal).Count() != options.Zones.Count)
        {
            failures.Add("Privacy:Zones lists a zone twice; each zone must appear once.");
        }

        if (options.Window < TimeSpan.FromMinutes(1) || options.Window > TimeSpan.FromDays(1))
        {
            failures.Add($"Privacy:Window {options.Window} must be between 00:01:00 and 1.00:00:00.");
        }

        if (options.OpeningTime == options.ClosingTime)
        {
            failures.Add("Privacy:OpeningTime equals Privacy:ClosingTime; set distinct local times such as 09:00 and 21:00.");
        }

        if (!double.IsFinite(options.EpsilonPerDay) || options.EpsilonPerDay <= 0 || options.EpsilonPerDay > 10)
        {
            failures.Add($"Privacy:EpsilonPerDay {options.EpsilonPerDay} must be in (0, 10]; PRIVACY.md explains the default 2.");
        }

        if (options.MaxCellsPerDevicePerDay < 1)
        {
            failures.Add("Privacy:MaxCellsPerDevicePerDay must be at least 1.");
        }

        if (options.MaxDwell < TimeSpan.FromSeconds(1))
        {
            failures.Add("Privacy:MaxDwell must be at least 00:00:01.");
        }

        if (options.SuppressBelow < 0)
        {
            failures.Add("Privacy:SuppressBelow must be 0 (off) or a positive count.");
        }

        if (options.ReleasesPerDay < 1)
        {
            failures.Add("Privacy:ReleasesPerDay must be at least 1.");
        }
        else if (options.Window >= TimeSpan.FromMinutes(1))
        {
            var windows = FootfallCalendar.CountWindows(options);
            if (options.ReleasesPerDay > windows)
            {
                failures.Add($"Privacy:ReleasesPerDay {options.ReleasesPerDay} exceeds the {windows} windows of a day; use at most {windows}.");
            }
        }

        if (options.TickInterval < TimeSpan.FromMilliseconds(100) || options.TickInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add("Privacy:TickInterval must be between 00:00:00.1 and 00:01:00.");
        }

        if (string.IsNullOrWhiteSpace(options.LedgerFileName) || options.LedgerFileName.IndexOfAny(['/', '\\']) >= 0)
        {
            failures.Add("Privacy:LedgerFileName must be a plain file name such as privacy.db.");
        }

        if (!string.IsNullOrEmpty(options.TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            failures.Add($"Privacy:TimeZone '{options.TimeZone}' is unknown; use an IANA name such as Europe/Paris, or leave it empty.");
        }

        failures.AddRange(CollectionPolicy.ValidateIdentifiers(options));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

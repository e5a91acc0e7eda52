using Edge.Contracts;
using Microsoft.Extensions.Options;

namespace Edge.Beacons.Configuration;

/// <summary>Fails start-up with a message that names the key and the fix.</summary>
internal sealed class FootfallOptionsValidator : IValidateOptions<FootfallOptions>
{
    public ValidateOptionsResult Validate(string? name, FootfallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (scanner, zone) in options.Scanners)
        {
            if (!SafeLabel.IsValid(zone, out var reason))
            {
                failures.Add($"Footfall:Scanners:{scanner} names zone '{zone}', which is not a safe label ({reason}); use a short name such as 'entrance'.");
            }
        }

        if (options.Scanners.Select(pair => pair.Value).Distinct(StringComparer.Ordinal).Count() > ZoneIndexLimit)
        {
            failures.Add($"Footfall:Scanners maps to more than {ZoneIndexLimit} zones; merge zones.");
        }

        for (var i = 0; i < options.StoreBeacons.Count; i++)
        {
            ValidateStoreBeacon(options.StoreBeacons[i], $"Footfall:StoreBeacons:{i}", failures);
        }

        if (!string.IsNullOrEmpty(options.LocalRadioCapturePath) &&
            (options.LocalRadioScannerId is null || !options.Scanners.ContainsKey(options.LocalRadioScannerId)))
        {
            failures.Add("Footfall:LocalRadioScannerId must name a scanner listed under Footfall:Scanners when Footfall:LocalRadioCapturePath is set.");
        }

        Positive(options.SmoothingWindow, "SmoothingWindow", failures);
        Positive(options.VisitTimeout, "VisitTimeout", failures);
        Positive(options.ZoneSwitchDelay, "ZoneSwitchDelay", failures);
        Positive(options.OpenVisitRefresh, "OpenVisitRefresh", failures);
        Positive(options.ConfirmAfter, "ConfirmAfter", failures);
        Positive(options.SightingThrottle, "SightingThrottle", failures);
        Positive(options.ScannerOfflineAfter, "ScannerOfflineAfter", failures);
        Positive(options.StoreBeaconMissingAfter, "StoreBeaconMissingAfter", failures);
        Positive(options.SweepInterval, "SweepInterval", failures);
        if (options.ConfirmAfter >= options.VisitTimeout)
        {
            failures.Add("Footfall:ConfirmAfter must be shorter than Footfall:VisitTimeout.");
        }

        if (options.PathLossExponent is < 1 or > 6)
        {
            failures.Add("Footfall:PathLossExponent must be between 1 and 6 (2 free space, 2.5-4 indoors).");
        }

        if (options.MinimumRssi is < -127 or > 0)
        {
            failures.Add("Footfall:MinimumRssi must be a dBm value between -127 and 0.");
        }

        if (options.MaximumDistanceMeters <= 0 || options.HysteresisDb < 0 || options.ContinuityMaximumRssiDifferenceDb < 0)
        {
            failures.Add("Footfall:MaximumDistanceMeters must be positive; HysteresisDb and ContinuityMaximumRssiDifferenceDb must not be negative.");
        }

        if (options.ZoneLoopPause < TimeSpan.Zero || options.ZoneLoopPause > TimeSpan.FromSeconds(1))
        {
            failures.Add("Footfall:ZoneLoopPause must be between 0 and 1 second (the queue fills while the zone loop rests).");
        }

        if (options.MaximumTrackedDevices < 1 || options.QueueCapacity < 1 || options.MinimumSightingsToConfirm < 1)
        {
            failures.Add("Footfall:MaximumTrackedDevices, QueueCapacity and MinimumSightingsToConfirm must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Zones are tracked in a 64-bit mask per device.</summary>
    public const int ZoneIndexLimit = 64;

    private static void Positive(TimeSpan value, string key, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Footfall:{key} must be a positive duration such as 00:00:10.");
        }
    }

    private static void ValidateStoreBeacon(StoreBeaconOptions beacon, string key, List<string> failures)
    {
        if (!SafeLabel.IsValid(beacon.Name, out var reason))
        {
            failures.Add($"{key}:Name '{beacon.Name}' is not a safe label ({reason}); use a short name such as 'entrance-left'.");
        }

        var byUuid = beacon.Uuid is not null;
        var byEddystone = beacon.Namespace is not null || beacon.Instance is not null;
        if (byUuid == byEddystone)
        {
            failures.Add($"{key} must give either Uuid (+ Major + Minor) or Namespace + Instance.");
            return;
        }

        if (byUuid)
        {
            if (!Guid.TryParse(beacon.Uuid, out _))
            {
                failures.Add($"{key}:Uuid must be a dashed UUID such as 2f234454-cf6d-4a0f-adf2-f4911ba9ffa6.");
            }

            if (beacon.Major is null or < 0 or > ushort.MaxValue || beacon.Minor is null or < 0 or > ushort.MaxValue)
            {
                failures.Add($"{key}:Major and {key}:Minor must be given, 0-65535.");
            }
        }
        else if (!IsHex(beacon.Namespace, 10) || !IsHex(beacon.Instance, 6))
        {
            failures.Add($"{key}:Namespace must be 20 hex digits and {key}:Instance 12 hex digits.");
        }
    }

    private static bool IsHex(string? value, int bytes) =>
        value is not null && value.Length == bytes * 2 && value.All(char.IsAsciiHexDigit);
}

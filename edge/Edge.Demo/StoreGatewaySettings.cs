using Edge.Simulator.Store;

namespace Edge.Demo;

/// <summary>
/// Gateway configuration for the simulated store: which scanner is in which zone, the store's own beacons, and the
/// privacy parameters of the demo. The demo releases every window as it closes and spends the largest budget the gateway
/// accepts (epsilon 10 a day) so that noisy counts show up within minutes; production defaults (PRIVACY.md) use hourly
/// windows, one release a day and epsilon 2 a day.
/// </summary>
internal static class StoreGatewaySettings
{
    public const string StoreId = "demo-store";
    public const double DemoEpsilonPerDay = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan OpenFor = TimeSpan.FromMinutes(30);

    public static void AddTo(Dictionary<string, string?> settings, StoreFloorPlan plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var scanner in plan.Scanners)
        {
            settings[$"Footfall:Scanners:{scanner.Id}"] = scanner.ZoneId;
        }

        for (var i = 0; i < plan.Beacons.Count; i++)
        {
            var beacon = plan.Beacons[i];
            settings[$"Footfall:StoreBeacons:{i}:Name"] = beacon.Name;
            if (beacon.IsEddystone)
            {
                settings[$"Footfall:StoreBeacons:{i}:Namespace"] = Convert.ToHexString(beacon.Namespace!);
                settings[$"Footfall:StoreBeacons:{i}:Instance"] = Convert.ToHexString(beacon.Instance!);
            }
            else
            {
                settings[$"Footfall:StoreBeacons:{i}:Uuid"] = beacon.Uuid!.Value.ToString();
                settings[$"Footfall:StoreBeacons:{i}:Major"] = beacon.Major.ToString();
                settings[$"Footfall:StoreBeacons:{i}:Minor"] = beacon.Minor.ToString();
            }
        }

        var zones = plan.Zones.Select(zone => zone.Id).ToList();
        for (var i = 0; i < zones.Count; i++)
        {
            settings[$"Privacy:Zones:{i}"] = zones[i];
        }

        // The store "opens" at the start of the current minute for half an hour of five-minute windows, each released as
        // it closes: the first footfall reaches the cloud about five minutes after start.
        var opening = new TimeOnly(now.UtcDateTime.Hour, now.UtcDateTime.Minute);
        var windows = (int)(OpenFor / Window);
        settings["Privacy:StoreId"] = StoreId;
        settings["Privacy:TimeZone"] = "UTC";
        settings["Privacy:OpeningTime"] = opening.ToString("HH:mm");
        settings["Privacy:ClosingTime"] = opening.Add(OpenFor).ToString("HH:mm");
        settings["Privacy:Window"] = Window.ToString();
        settings["Privacy:ReleasesPerDay"] = windows.ToString();
        settings["Privacy:EpsilonPerDay"] = DemoEpsilonPerDay.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Footfall:ConfirmAfter"] = "00:00:02";
    }
}

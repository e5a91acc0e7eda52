namespace Edge.Simulator.Store;

/// <summary>
/// A small supermarket: a 3 x 2 grid of 10 m zones, one scanner in the middle of each (alternating OpenMQTTGateway and
/// ESPresense firmware), and four store beacons. Shoppers enter and leave through <see cref="EntranceZoneId"/> and pay
/// at <see cref="CheckoutZoneId"/>.
/// </summary>
public sealed class StoreFloorPlan
{
    public const string EntranceZoneId = "entrance";
    public const string CheckoutZoneId = "checkout";
    private const double ZoneSize = 10;

    public StoreFloorPlan()
    {
        string[,] layout =
        {
            { EntranceZoneId, "produce", "bakery" },
            { CheckoutZoneId, "dairy", "household" },
        };
        var zones = new List<StoreZone>();
        var scanners = new List<StoreScanner>();
        for (var row = 0; row < layout.GetLength(0); row++)
        {
            for (var column = 0; column < layout.GetLength(1); column++)
            {
                var zone = new StoreZone(layout[row, column], column * ZoneSize, row * ZoneSize, ZoneSize, ZoneSize);
                zones.Add(zone);
                var format = (row + column) % 2 == 0 ? ScannerFormat.OpenMqttGateway : ScannerFormat.Espresense;
                var scannerId = format == ScannerFormat.OpenMqttGateway ? $"omg-{zone.Id}" : zone.Id;
                scanners.Add(new StoreScanner(scannerId, zone.Id, zone.CenterX, zone.CenterY, format));
            }
        }

        Zones = zones;
        Scanners = scanners;
        Beacons =
        [
            new StoreBeacon("door-left", 1, 1, [0xC0, 0x11, 0x22, 0x33, 0x44, 0x01], Uuid: Guid.Parse("f7826da6-4fa2-4e98-8024-bc5b71e0893e"), Major: 10, Minor: 1),
            new StoreBeacon("dairy-shelf", 15, 18, [0xC0, 0x11, 0x22, 0x33, 0x44, 0x02], Uuid: Guid.Parse("f7826da6-4fa2-4e98-8024-bc5b71e0893e"), Major: 10, Minor: 2),
            new StoreBeacon("bakery-oven", 25, 5, [0xC0, 0x11, 0x22, 0x33, 0x44, 0x03], Namespace: [0xED, 0xD1, 0xEB, 0xEA, 0xC0, 0x4E, 0x5D, 0xEF, 0xA0, 0x17], Instance: [0, 0, 0, 0, 0, 3], BatteryMillivolts: 2900),
            new StoreBeacon("checkout-1", 5, 15, [0xC0, 0x11, 0x22, 0x33, 0x44, 0x04], Namespace: [0xED, 0xD1, 0xEB, 0xEA, 0xC0, 0x4E, 0x5D, 0xEF, 0xA0, 0x17], Instance: [0, 0, 0, 0, 0, 4], BatteryMillivolts: 2100),
        ];
    }

    public IReadOnlyList<StoreZone> Zones { get; }

    public IReadOnlyList<StoreScanner> Scanners { get; }

    public IReadOnlyList<StoreBeacon> Beacons { get; }

    public double Width => Zones.Max(zone => zone.X + zone.Width);

    public double Height => Zones.Max(zone => zone.Y + zone.Height);

    public StoreZone Zone(string id) => Zones.First(zone => zone.Id == id);

    public StoreZone? ZoneAt(double x, double y) => Zones.FirstOrDefault(zone => zone.Contains(x, y));

    /// <summary>Zones sharing an edge with <paramref name="zone"/>.</summary>
    public IEnumerable<StoreZone> Neighbours(StoreZone zone) =>
        Zones.Where(other => other != zone &&
            ((Math.Abs(other.X - zone.X) < 0.01 && Math.Abs(Math.Abs(other.Y - zone.Y) - zone.Height) < 0.01) ||
             (Math.Abs(other.Y - zone.Y) < 0.01 && Math.Abs(Math.Abs(other.X - zone.X) - zone.Width) < 0.01)));

    /// <summary>Shortest walk between zones through neighbours, both ends included.</summary>
    public IReadOnlyList<StoreZone> Path(StoreZone from, StoreZone to)
    {
        var previous = new Dictionary<StoreZone, StoreZone?> { [from] = null };
        var queue = new Queue<StoreZone>([from]);
        while (queue.Count > 0)
        {
            var zone = queue.Dequeue();
            if (zone == to)
            {
                break;
            }

            foreach (var next in Neighbours(zone))
            {
                if (previous.TryAdd(next, zone))
                {
                    queue.Enqueue(next);
                }
            }
        }

        var path = new List<StoreZone>();
        for (StoreZone? step = to; step is not null; step = previous[step])
        {
            path.Add(step);
        }

        path.Reverse();
        return path;
    }
}

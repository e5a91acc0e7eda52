namespace Edge.Simulator.Store;

/// <summary>
/// Runs the simulated store one second at a time and yields what its scanners publish, while keeping the ground
/// truth. Deterministic for a given seed, and independent of wall-clock time: tests replay it in virtual time,
/// <see cref="StoreMqttPublisher"/> replays it in real time over MQTT.
/// </summary>
public sealed class StoreSimulation
{
    private const double StepSeconds = 1;

    private readonly StoreSimulatorOptions _options;
    private readonly Random _random;

    // Phones draw from their own generator so that changing how they rotate leaves the shoppers' paths unchanged.
    private readonly Random _phoneRandom;
    private readonly List<SimulatedShopper> _inside = [];
    private int _nextShopperId;
    private double _nextArrivalSeconds;

    public StoreSimulation(StoreSimulatorOptions options, StoreFloorPlan? plan = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Plan = plan ?? new StoreFloorPlan();
        _random = new Random(options.Seed);
        _phoneRandom = new Random(options.Seed + 1_000_003);
        _nextArrivalSeconds = NextArrivalGap();
    }

    public StoreFloorPlan Plan { get; }

    public StoreGroundTruth Truth { get; } = new();

    /// <summary>Every message of the whole simulated day, in time order, starting with the scanners' online statuses.</summary>
    public IEnumerable<SimulatedMessage> Run()
    {
        var start = _options.Start;
        foreach (var scanner in Plan.Scanners)
        {
            yield return scanner.Format == ScannerFormat.Espresense
                ? new SimulatedMessage(start, $"espresense/rooms/{scanner.Id}/status", "online"u8.ToArray(), Retain: true)
                : new SimulatedMessage(start, $"home/{scanner.Id}/LWT", "online"u8.ToArray(), Retain: true);
        }

        var open = _options.OpeningDuration.TotalSeconds;
        for (var second = 0.0; second < open || _inside.Count > 0; second += StepSeconds)
        {
            var now = start.AddSeconds(second);
            while (second < open && second >= _nextArrivalSeconds)
            {
                var phone = new SimulatedPhone(_phoneRandom, _options.AddressRotation, now);
                _inside.Add(new SimulatedShopper(_nextShopperId++, Plan, _random, phone));
                Truth.Arrived();
                _nextArrivalSeconds += NextArrivalGap();
            }

            for (var i = _inside.Count - 1; i >= 0; i--)
            {
                var shopper = _inside[i];
                shopper.Step(Plan, StepSeconds);
                shopper.Phone.Tick(now);
                if (shopper.Left)
                {
                    Truth.Observe(shopper, null, 0);
                    Truth.Departed(shopper);
                    _inside.RemoveAt(i);
                    continue;
                }

                Truth.Observe(shopper, Plan.ZoneAt(shopper.X, shopper.Y), StepSeconds);
                foreach (var message in Sightings(shopper, now))
                {
                    yield return message;
                }
            }

            foreach (var message in BeaconMessages(now, (uint)second))
            {
                yield return message;
            }
        }
    }

    private IEnumerable<SimulatedMessage> Sightings(SimulatedShopper shopper, DateTimeOffset now)
    {
        foreach (var scanner in Plan.Scanners)
        {
            if (_random.NextDouble() > _options.ReportProbabilityPerSecond)
            {
                continue;
            }

            var distance = Distance(shopper.X, shopper.Y, scanner);
            var rssi = Rssi(distance);
            if (rssi < _options.ScannerSensitivityDbm)
            {
                continue;
            }

            var phone = shopper.Phone;
            yield return scanner.Format == ScannerFormat.OpenMqttGateway
                ? new SimulatedMessage(now, ScannerPayloads.OpenMqttGatewayTopic(scanner.Id, phone.Address),
                    ScannerPayloads.OpenMqttGateway(phone.Address, rssi, phone.ManufacturerData))
                : Espresense(scanner, now, phone.CompanyId == 0x004C ? "apple:1005:9-26" : "sd:0xfd5a", phone.Address, rssi);
        }
    }

    private IEnumerable<SimulatedMessage> BeaconMessages(DateTimeOffset now, uint second)
    {
        foreach (var beacon in Plan.Beacons)
        {
            foreach (var scanner in Plan.Scanners)
            {
                if (_random.NextDouble() > _options.ReportProbabilityPerSecond / 4)
                {
                    continue;
                }

                var rssi = Rssi(Distance(beacon.X, beacon.Y, scanner));
                if (rssi < _options.ScannerSensitivityDbm)
                {
                    continue;
                }

                if (scanner.Format == ScannerFormat.Espresense)
                {
                    var id = beacon.IsEddystone
                        ? $"eddystone:{Convert.ToHexStringLower(beacon.Namespace!)}-{Convert.ToHexStringLower(beacon.Instance!)}"
                        : $"iBeacon:{beacon.Uuid!.Value:D}-{beacon.Major}-{beacon.Minor}";
                    yield return Espresense(scanner, now, id, beacon.Address, rssi);
                    continue;
                }

                byte[]? frame = null;
                if (beacon.IsEddystone)
                {
                    frame = second % (uint)_options.TelemetryEverySeconds == 0
                        ? ScannerPayloads.EddystoneTlm(beacon.BatteryMillivolts, 21.5, second * 10, second * 10)
                        : ScannerPayloads.EddystoneUid(beacon);
                }

                yield return new SimulatedMessage(now, ScannerPayloads.OpenMqttGatewayTopic(scanner.Id, beacon.Address),
                    ScannerPayloads.OpenMqttGateway(beacon.Address, rssi, beacon.IsEddystone ? null : ScannerPayloads.IBeaconManufacturerData(beacon), beacon.IsEddystone ? null : beacon, frame));
            }
        }
    }

    private SimulatedMessage Espresense(StoreScanner scanner, DateTimeOffset now, string id, byte[] address, int rssi)
    {
        // ESPresense estimates distance itself from its calibrated rssi@1m (assumed exponent 3.5 is its default tuning).
        var distance = Math.Pow(10, (_options.PhoneRssiAtOneMeter - rssi) / (10 * 3.5));
        var topicId = id.StartsWith("iBeacon:", StringComparison.Ordinal) || id.StartsWith("eddystone:", StringComparison.Ordinal)
            ? id.Replace(':', '-')
            : Convert.ToHexStringLower(address);
        return new SimulatedMessage(now, ScannerPayloads.EspresenseTopic(topicId, scanner.Id),
            ScannerPayloads.Espresense(id, address, rssi, _options.PhoneRssiAtOneMeter, distance));
    }

    private int Rssi(double distance)
    {
        var mean = _options.PhoneRssiAtOneMeter - (10 * _options.PathLossExponent * Math.Log10(Math.Max(distance, 0.5)));
        return (int)Math.Round(mean + (Gaussian() * _options.RssiNoiseDb));
    }

    private static double Distance(double x, double y, StoreScanner scanner)
    {
        var dx = x - scanner.X;
        var dy = y - scanner.Y;

        // Scanners hang 2.5 m above the phones.
        return Math.Sqrt((dx * dx) + (dy * dy) + (2.5 * 2.5));
    }

    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private double NextArrivalGap() => -Math.Log(1.0 - _random.NextDouble()) * 3600 / _options.ShoppersPerHour;
}

namespace Edge.Simulator.Store;

/// <summary>
/// What really happened in the simulated store. A visit is a continuous stay in a zone of at least
/// <see cref="MinimumStay"/>: walking through a department on the way elsewhere is not a visit, as a store operator
/// counts it. Dwell is the time of those stays.
/// </summary>
public sealed class StoreGroundTruth(TimeSpan minimumStay)
{
    private readonly Dictionary<string, int> _visits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _dwellSeconds = new(StringComparer.Ordinal);
    private readonly Dictionary<int, (string Zone, double Seconds, bool Counted)> _stays = [];

    public StoreGroundTruth()
        : this(TimeSpan.FromSeconds(15))
    {
    }

    public TimeSpan MinimumStay { get; } = minimumStay;

    public int Shoppers { get; private set; }

    public int AddressesUsed { get; private set; }

    public IReadOnlyDictionary<string, int> Visits => _visits;

    public IReadOnlyDictionary<string, double> DwellSeconds => _dwellSeconds;

    public double MeanDwellSeconds(string zoneId) =>
        _visits.GetValueOrDefault(zoneId) == 0 ? 0 : _dwellSeconds.GetValueOrDefault(zoneId) / _visits[zoneId];

    internal void Arrived() => Shoppers++;

    internal void Departed(SimulatedShopper shopper)
    {
        AddressesUsed += shopper.Phone.AddressesUsed;
        _stays.Remove(shopper.Id);
    }

    internal void Observe(SimulatedShopper shopper, StoreZone? zone, double seconds)
    {
        if (zone is null)
        {
            _stays.Remove(shopper.Id);
            return;
        }

        (string Zone, double Seconds, bool Counted) stay = _stays.TryGetValue(shopper.Id, out var current) && current.Zone == zone.Id
            ? (current.Zone, current.Seconds + seconds, current.Counted)
            : (zone.Id, seconds, false);
        if (stay.Counted)
        {
            _dwellSeconds[zone.Id] = _dwellSeconds.GetValueOrDefault(zone.Id) + seconds;
        }
        else if (stay.Seconds >= MinimumStay.TotalSeconds)
        {
            _visits[zone.Id] = _visits.GetValueOrDefault(zone.Id) + 1;
            _dwellSeconds[zone.Id] = _dwellSeconds.GetValueOrDefault(zone.Id) + stay.Seconds;
            stay.Counted = true;
        }

        _stays[shopper.Id] = stay;
    }
}

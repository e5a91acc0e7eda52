namespace Edge.Simulator.Store;

/// <summary>
/// One shopper: enters, browses a few departments (dwelling and strolling inside each), pays, leaves. Moves in
/// straight lines between random points; the zone they are in is the ground truth.
/// </summary>
public sealed class SimulatedShopper
{
    private const double WalkingSpeed = 1.2;
    private const double BrowsingSpeed = 0.6;
    private const double Margin = 0.8;

    private readonly Random _random;
    private readonly Queue<(StoreZone Zone, double Seconds)> _stays;
    private (StoreZone Zone, double Seconds) _stay;
    private double _targetX;
    private double _targetY;
    private double _speed;
    private double _pauseSeconds;

    public SimulatedShopper(int id, StoreFloorPlan plan, Random random, SimulatedPhone phone)
    {
        Id = id;
        _random = random;
        Phone = phone;
        var entrance = plan.Zone(StoreFloorPlan.EntranceZoneId);
        var checkout = plan.Zone(StoreFloorPlan.CheckoutZoneId);
        var itinerary = new List<(StoreZone, double)> { (entrance, Uniform(15, 40)) };
        var current = entrance;
        var departments = plan.Zones.Where(z => z != entrance && z != checkout).ToList();
        var wanted = random.Next(2, 5);
        for (var i = 0; i < wanted; i++)
        {
            var next = departments[random.Next(departments.Count)];
            if (next == current)
            {
                continue;
            }

            AddWalk(plan, itinerary, current, next);
            itinerary.Add((next, Uniform(60, 480)));
            current = next;
        }

        AddWalk(plan, itinerary, current, checkout);
        itinerary.Add((checkout, Uniform(90, 240)));
        AddWalk(plan, itinerary, checkout, entrance);
        itinerary.Add((entrance, Uniform(15, 30)));
        _stays = new Queue<(StoreZone, double)>(itinerary);
        _stay = _stays.Dequeue();
        (X, Y) = (entrance.X + Margin, entrance.CenterY);
        PickTarget(_stay.Zone, BrowsingSpeed);
    }

    public int Id { get; }

    public SimulatedPhone Phone { get; }

    public double X { get; private set; }

    public double Y { get; private set; }

    public bool Left { get; private set; }

    /// <summary>Advances by <paramref name="seconds"/>; <paramref name="plan"/> tells which zone the shopper is in.</summary>
    public void Step(StoreFloorPlan plan, double seconds)
    {
        if (Left)
        {
            return;
        }

        if (_speed > 0)
        {
            var dx = _targetX - X;
            var dy = _targetY - Y;
            var distance = Math.Sqrt((dx * dx) + (dy * dy));
            var travel = _speed * seconds;
            if (travel >= distance)
            {
                (X, Y) = (_targetX, _targetY);
                _speed = 0;
                _pauseSeconds = Uniform(15, 60);
            }
            else
            {
                X += dx / distance * travel;
                Y += dy / distance * travel;
            }
        }
        else
        {
            _pauseSeconds -= seconds;
        }

        if (plan.ZoneAt(X, Y) == _stay.Zone)
        {
            _stay.Seconds -= seconds;
        }

        if (_stay.Seconds <= 0)
        {
            if (_stays.Count == 0)
            {
                Left = true;
                return;
            }

            _stay = _stays.Dequeue();
            PickTarget(_stay.Zone, WalkingSpeed);
        }
        else if (_speed == 0 && _pauseSeconds <= 0)
        {
            PickTarget(_stay.Zone, BrowsingSpeed);
        }
    }

    private static void AddWalk(StoreFloorPlan plan, List<(StoreZone, double)> itinerary, StoreZone from, StoreZone to)
    {
        var path = plan.Path(from, to);
        for (var i = 1; i < path.Count - 1; i++)
        {
            // Passing through: a few seconds inside the zone on the way.
            itinerary.Add((path[i], 1));
        }
    }

    private void PickTarget(StoreZone zone, double speed)
    {
        _targetX = zone.X + Margin + (_random.NextDouble() * (zone.Width - (2 * Margin)));
        _targetY = zone.Y + Margin + (_random.NextDouble() * (zone.Height - (2 * Margin)));
        _speed = speed;
    }

    private double Uniform(double low, double high) => low + (_random.NextDouble() * (high - low));
}

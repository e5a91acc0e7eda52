namespace Edge.Simulator.Plant;

/// <summary>
/// One component's wear. A new component runs healthy for a random time in service (Weibull, shape 2: the older it is the
/// likelier it starts to go), then degrades at a random rate that grows with the damage already done and with the load
/// (d' = k x d x load factor, with noise): invisible for weeks, then accelerating over its last few days. Health = 1 - d;
/// the component fails when d reaches 1. A small hazard of sudden failure with no warning at all remains, as in real
/// plants, so no model catches every failure.
/// </summary>
internal sealed class ComponentWear
{
    /// <summary>Damage at the onset of degradation: small enough that its signature is buried in the noise.</summary>
    private const double OnsetDamage = 0.04;

    /// <summary>Sudden failures per hour of a component (about 7 % of all failures in the default plant).</summary>
    private const double SuddenFailurePerHour = 1.0 / 60_000;

    private readonly double _meanOnsetHours;
    private double _onsetHours;
    private double _hoursInService;
    private double _ratePerHour;

    public ComponentWear(double meanOnsetHours, Random random, bool midLife)
    {
        _meanOnsetHours = meanOnsetHours;
        Replace(random);
        if (midLife)
        {
            // Somewhere in its life: before onset, or already degrading (then at the damage that time gives).
            var life = _onsetHours + (Math.Log(1 / OnsetDamage) / _ratePerHour);
            _hoursInService = random.NextUniform(0, life * 0.95);
            if (_hoursInService > _onsetHours)
            {
                Damage = Math.Min(0.9, OnsetDamage * Math.Exp(_ratePerHour * (_hoursInService - _onsetHours)));
            }
        }
    }

    /// <summary>0 = as new, 1 = failed.</summary>
    public double Damage { get; private set; }

    public double HoursInService => _hoursInService;

    /// <summary>Advances by <paramref name="hours"/> at <paramref name="load"/> (0..1); true when the component failed.</summary>
    public bool Advance(double hours, double load, Random random)
    {
        _hoursInService += hours;
        if (random.Happens(SuddenFailurePerHour, hours))
        {
            Damage = 1;
            return true;
        }

        if (_hoursInService < _onsetHours)
        {
            return false;
        }

        if (Damage < OnsetDamage)
        {
            Damage = OnsetDamage;
        }

        // Multiplicative growth with log-normal noise whose variance scales with the step (a random walk in log damage
        // with drift), so that one-hour steps (the history) and twelve-minute steps (the live demo) describe the same
        // process. Not clamped at zero growth: a clamp would make small steps wear faster than large ones.
        var loadFactor = 0.55 + (0.6 * load);
        var growth = (_ratePerHour * loadFactor * hours) + (0.01 * Math.Sqrt(hours) * random.NextGaussian());
        Damage = Math.Clamp(Damage * Math.Exp(growth), OnsetDamage, 1);
        return Damage >= 1;
    }

    /// <summary>Puts the component past its onset, at <paramref name="damage"/> (a plant that starts with worn machines).</summary>
    public void Wear(double damage)
    {
        _hoursInService = Math.Max(_hoursInService, _onsetHours + (Math.Log(damage / OnsetDamage) / _ratePerHour));
        Damage = Math.Clamp(damage, OnsetDamage, 0.95);
    }

    /// <summary>A new component: healthy, with a freshly drawn onset and rate.</summary>
    public void Replace(Random random)
    {
        _hoursInService = 0;
        Damage = 0;
        _onsetHours = random.NextWeibull2(_meanOnsetHours);

        // From onset to failure takes ln(1 / 0.04) / k: 3.2 / k hours, between about 7 and 17 days (at a load factor of 1).
        _ratePerHour = random.NextUniform(1.0 / 130, 1.0 / 50);
    }
}

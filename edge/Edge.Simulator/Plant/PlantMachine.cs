namespace Edge.Simulator.Plant;

/// <summary>
/// The physics of one machine, shared by the history generator (one-hour steps) and the live simulator (one step per
/// publish): three components that wear out independently (<see cref="PlantComponents"/>), a load schedule the sensors
/// follow, monthly planned maintenance that replaces the scheduled component and any found worn, error codes that come
/// more often as a component degrades (and some that mean nothing), and failure when a component's health reaches 0,
/// followed by a repair during which the machine reports nothing. Everything is drawn from one seeded
/// <see cref="Random"/>: the same seed and the same steps give the same machine. Not thread-safe (one owner).
/// </summary>
public sealed class PlantMachine
{
    /// <summary>Component damage above which planned maintenance replaces it (an inspection finds it worn).</summary>
    private const double InspectionDamage = 0.35;

    private static readonly TimeSpan s_maintenanceInterval = TimeSpan.FromDays(30);
    private static readonly TimeSpan s_maintenanceDuration = TimeSpan.FromHours(4);

    private readonly Random _random;
    private readonly ComponentWear[] _components;
    private readonly double[] _damage;
    private readonly OperatingSchedule _schedule;
    private readonly SensorModel _sensors;
    private DateTimeOffset _downUntil;
    private DateTimeOffset _nextMaintenance;
    private int _scheduledComponent;

    /// <summary>A machine of a random model and age, somewhere in its components' lives, at plant time <paramref name="start"/>.</summary>
    public PlantMachine(string machineId, int seed, DateTimeOffset start)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(machineId);
        MachineId = machineId;
        _random = new Random(seed);
        Model = MachineModel.Catalog[_random.Next(MachineModel.Catalog.Count)];
        AgeYears = Math.Round(_random.NextUniform(0.5, 15), 1);
        Now = start;

        // Mean hours in service before a component starts to degrade; older machines (worn housings, brittle
        // insulation) start sooner.
        var ageFactor = 1 / (1 + (AgeYears / 15));
        double[] meanOnsetHours = [1800, 2800, 2200];
        _components = new ComponentWear[PlantComponents.All.Count];
        for (var i = 0; i < _components.Length; i++)
        {
            _components[i] = new ComponentWear(meanOnsetHours[i] * Model.Life(i) * ageFactor, _random, midLife: true);
        }

        _damage = new double[_components.Length];
        _schedule = new OperatingSchedule(_random);
        _sensors = new SensorModel(Model, _random);
        _nextMaintenance = start + TimeSpan.FromHours(_random.NextUniform(0, s_maintenanceInterval.TotalHours));
        _scheduledComponent = _random.Next(_components.Length);
        _downUntil = start;
    }

    public string MachineId { get; }

    public MachineModel Model { get; }

    public double AgeYears { get; }

    public PlantMachineAttributes Attributes => new(MachineId, Model.Name, AgeYears);

    /// <summary>Plant time: the end of the last step.</summary>
    public DateTimeOffset Now { get; private set; }

    /// <summary>Telemetry messages sent (steps in which the machine ran).</summary>
    public long Sequence { get; private set; }

    public bool Down => Now < _downUntil;

    /// <summary>
    /// Starts a random component degrading at a random damage (0.05 to 0.5), drawn from the machine's own random
    /// sequence: a run-down plant whose failures come within days rather than weeks. Call before the first step.
    /// </summary>
    public void WearOneComponent()
    {
        var component = _random.Next(_components.Length);
        _components[component].Wear(_random.NextUniform(0.05, 0.5));
    }

    /// <summary>Health of a component (<see cref="PlantComponents"/> index): 1 = new, 0 = failed.</summary>
    public double Health(int component) => 1 - _components[component].Damage;

    /// <summary>
    /// Advances plant time by <paramref name="step"/>, adds what happened to <paramref name="events"/> and returns the
    /// sensors' means over the step (values are written into <paramref name="values"/>, one per <see cref="PlantSensors.All"/>).
    /// </summary>
    public PlantReading Step(TimeSpan step, double[] values, ICollection<PlantEvent> events)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfLessThan(values.Length, PlantSensors.All.Count);
        var hours = step.TotalHours;
        Now += step;
        if (Now < _downUntil)
        {
            return new PlantReading(Now, false, values);
        }

        if (Now >= _nextMaintenance)
        {
            Maintain(events);
            return new PlantReading(Now, false, values);
        }

        var load = _schedule.Advance(hours, Now, _random);
        for (var i = 0; i < _components.Length; i++)
        {
            if (_components[i].Advance(hours, load, _random))
            {
                events.Add(new PlantEvent(Now, MachineId, PlantEventKinds.Failure, PlantComponents.All[i]));
                _components[i].Replace(_random);

                // Repair: a spare part and a fitter, 8 to 30 hours.
                _downUntil = Now + TimeSpan.FromHours(_random.NextUniform(8, 30));
                return new PlantReading(Now, false, values);
            }

            _damage[i] = _components[i].Damage;
        }

        RaiseErrors(hours, events);
        _sensors.Read(values, load, Now, _damage, hours, _random);
        Sequence++;
        return new PlantReading(Now, true, values);
    }

    private void Maintain(ICollection<PlantEvent> events)
    {
        // The scheduled component is replaced whatever its state (rotating through the three), and any component the
        // inspection finds worn as well.
        for (var i = 0; i < _components.Length; i++)
        {
            if (i == _scheduledComponent || _components[i].Damage >= InspectionDamage)
            {
                _components[i].Replace(_random);
                events.Add(new PlantEvent(Now, MachineId, PlantEventKinds.Maintenance, PlantComponents.All[i]));
            }
        }

        _scheduledComponent = (_scheduledComponent + 1) % _components.Length;
        _downUntil = Now + s_maintenanceDuration;
        _nextMaintenance = Now + s_maintenanceInterval + TimeSpan.FromHours(_random.NextUniform(-72, 72));
    }

    private void RaiseErrors(double hours, ICollection<PlantEvent> events)
    {
        for (var i = 0; i < _components.Length; i++)
        {
            // A component's alarm trips now and then on a healthy machine (a load peak), and ever more often as it
            // degrades: about once a day at half damage, several times a day near the end.
            var damage = _components[i].Damage;
            if (_random.Happens(0.002 + (0.25 * damage * damage * damage), hours))
            {
                events.Add(new PlantEvent(Now, MachineId, PlantEventKinds.Error, PlantComponents.ErrorCodes[i]));
            }
        }

        foreach (var code in PlantComponents.NoiseErrorCodes)
        {
            if (_random.Happens(0.006, hours))
            {
                events.Add(new PlantEvent(Now, MachineId, PlantEventKinds.Error, code));
            }
        }
    }
}

using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;
using Edge.Hardware.Emulation.Simulation;
using Edge.Hardware.Sensors;

namespace Edge.Hardware.Emulation;

/// <summary>
/// The buses of a Pi that exists only in memory: every configured sensor finds its emulator at its configured address,
/// chip select or pin, driven by a <see cref="SimulatedMachine"/> per machine. An address nothing is configured at answers
/// like an empty bus (no ACK, a floating MISO).
/// </summary>
public sealed class SimulatedHardwareBuses : IHardwareBuses
{
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<string, SimulatedMachine> _machines = [];
    private readonly Dictionary<(int Bus, int Address), SensorSettings> _i2c = [];
    private readonly Dictionary<(int Bus, int ChipSelect), SensorSettings> _accelerometers = [];
    private readonly Dictionary<(int Bus, int ChipSelect), Mcp3008Inputs> _adcs = [];
    private readonly EmulatedGpioDriver _gpioDriver;
    private readonly ITimer _speedTimer;
    private readonly List<(SensorSettings Settings, SimulatedMachine Machine)> _pulseInputs = [];

    public SimulatedHardwareBuses(IEnumerable<SensorSettings> sensors, SimulationSettings simulation, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(sensors);
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _gpioDriver = new EmulatedGpioDriver(timeProvider, pinCount: 54);
        Gpio = new GpioController(_gpioDriver);
        foreach (var sensor in sensors)
        {
            var machine = Machine(sensor.MachineId, simulation.DegradationTime);
            Wire(sensor, machine);
        }

        // Shaft speed drifts slowly: re-time the pulse trains every few seconds rather than per edge.
        _speedTimer = timeProvider.CreateTimer(_ => RetimePulses(), null, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    public GpioController Gpio { get; }

    public EmulatedGpioDriver GpioDriver => _gpioDriver;

    public IReadOnlyDictionary<string, SimulatedMachine> Machines => _machines;

    public I2cDevice OpenI2c(int busId, int address)
    {
        var settings = new I2cConnectionSettings(busId, address);
        var emulator = new Bme280Emulator(settings, Bme280Calibration.DatasheetExample);
        if (_i2c.TryGetValue((busId, address), out var sensor))
        {
            var machine = _machines[sensor.MachineId];
            emulator.ClimateSource = () => (machine.CabinetCelsius, machine.CabinetPascals, machine.CabinetHumidity);
        }
        else
        {
            emulator.Present = false;
        }

        return emulator;
    }

    public SpiDevice OpenSpi(SpiConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var key = (settings.BusId, settings.ChipSelectLine);
        if (_accelerometers.TryGetValue(key, out var accelerometer))
        {
            return new Adxl345Emulator(settings, _timeProvider, _machines[accelerometer.MachineId].VibrationG);
        }

        if (_adcs.TryGetValue(key, out var inputs))
        {
            return new Mcp3008Emulator(settings, inputs, _timeProvider);
        }

        return new Mcp3008Emulator(settings, new Mcp3008Inputs { Present = false }, _timeProvider);
    }

    public void Dispose()
    {
        _speedTimer.Dispose();
        Gpio.Dispose();
    }

    private SimulatedMachine Machine(string machineId, TimeSpan degradationTime)
    {
        if (!_machines.TryGetValue(machineId, out var machine))
        {
            machine = new SimulatedMachine(machineId, degradationTime, _timeProvider);
            _machines[machineId] = machine;
        }

        return machine;
    }

    private void Wire(SensorSettings sensor, SimulatedMachine machine)
    {
        switch (sensor.Kind)
        {
            case SensorKind.Bme280:
                _i2c[(sensor.Bus, sensor.Address)] = sensor;
                break;
            case SensorKind.Adxl345:
                _accelerometers[(sensor.Bus, sensor.ChipSelect)] = sensor;
                break;
            case SensorKind.CurrentClamp:
                // Secondary current through the burden, biased at mid-rail by the divider on the clamp board.
                var clampInputs = Inputs(sensor);
                clampInputs.SetChannel(sensor.Channel, seconds =>
                    (clampInputs.ReferenceVolts / 2)
                    + (machine.PhaseAmperes(seconds) / sensor.TurnsRatio * sensor.BurdenOhms * sensor.DividerRatio));
                break;
            case SensorKind.AnalogInput:
                var analogInputs = Inputs(sensor);
                analogInputs.SetChannel(sensor.Channel, _ =>
                {
                    var fraction = (machine.DischargeBar - sensor.MinimumValue) / (sensor.MaximumValue - sensor.MinimumValue);
                    var volts = sensor.MinimumVolts + (fraction * (sensor.MaximumVolts - sensor.MinimumVolts));
                    return volts * sensor.DividerRatio;
                });
                break;
            case SensorKind.DigitalInput:
                // The simulated pump runs and its guard is closed: the input sits at its active level.
                _gpioDriver.SetInputLevel(sensor.Pin, sensor.ActiveLow ? PinValue.Low : PinValue.High);
                break;
            case SensorKind.PulseCounter:
                _pulseInputs.Add((sensor, machine));
                break;
            default:
                break;
        }
    }

    private Mcp3008Inputs Inputs(SensorSettings sensor)
    {
        var key = (sensor.Bus, sensor.ChipSelect);
        if (!_adcs.TryGetValue(key, out var inputs))
        {
            inputs = new Mcp3008Inputs(sensor.ReferenceVolts);
            _adcs[key] = inputs;
        }

        return inputs;
    }

    private void RetimePulses()
    {
        foreach (var (sensor, machine) in _pulseInputs)
        {
            _gpioDriver.StartSquareWave(sensor.Pin, machine.Rpm / 60 * sensor.PulsesPerRevolution);
        }
    }
}

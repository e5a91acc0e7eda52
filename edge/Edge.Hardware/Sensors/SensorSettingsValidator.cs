namespace Edge.Hardware.Sensors;

/// <summary>Checks one sensor's settings; every message names the configuration key and what would be valid.</summary>
public static class SensorSettingsValidator
{
    private static readonly int[] s_adxl345Rates = [100, 200, 400, 800, 1600, 3200];

    public static IEnumerable<string> Validate(SensorSettings settings, string key)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.Name))
        {
            yield return $"{key}:Name is required (for example 'cabinet').";
        }

        if (string.IsNullOrWhiteSpace(settings.MachineId))
        {
            yield return $"{key}:MachineId is required: the machine the readings belong to.";
        }

        if (settings.Interval < TimeSpan.FromMilliseconds(1) || settings.Interval > TimeSpan.FromHours(1))
        {
            yield return $"{key}:Interval must be between 00:00:00.001 and 01:00:00.";
        }

        if (settings.StuckAfterSamples < 0)
        {
            yield return $"{key}:StuckAfterSamples must be 0 (off) or more.";
        }

        switch (settings.Kind)
        {
            case SensorKind.Bme280:
                if (settings.Address is not (0x76 or 0x77))
                {
                    yield return $"{key}:Address must be 0x76 (118) or 0x77 (119) for a BME280.";
                }

                break;
            case SensorKind.Adxl345:
                if (Array.IndexOf(s_adxl345Rates, settings.SampleRateHz) < 0)
                {
                    yield return $"{key}:SampleRateHz must be one of 100, 200, 400, 800, 1600, 3200.";
                }

                if (settings.WindowSamples < 64 || settings.WindowSamples > 65536 || !int.IsPow2(settings.WindowSamples))
                {
                    yield return $"{key}:WindowSamples must be a power of two between 64 and 65536.";
                }

                if (settings.RangeG is not (2 or 4 or 8 or 16))
                {
                    yield return $"{key}:RangeG must be 2, 4, 8 or 16.";
                }

                if (char.ToUpperInvariant(settings.Axis) is not ('X' or 'Y' or 'Z'))
                {
                    yield return $"{key}:Axis must be X, Y or Z.";
                }

                // The FIFO holds 32 samples (datasheet p.21): reading less often than that loses samples.
                if (settings.SampleRateHz > 0 && settings.Interval.TotalSeconds * settings.SampleRateHz > 28)
                {
                    yield return $"{key}:Interval must be shorter than 28 samples at {settings.SampleRateHz} Hz " +
                        $"({28_000.0 / settings.SampleRateHz:0.#} ms) or the 32-sample FIFO overflows.";
                }

                for (var i = 1; i < settings.BandEdgesHz.Count; i++)
                {
                    if (settings.BandEdgesHz[i] <= settings.BandEdgesHz[i - 1])
                    {
                        yield return $"{key}:BandEdgesHz must be ascending.";
                        break;
                    }
                }

                break;
            case SensorKind.CurrentClamp:
            case SensorKind.AnalogInput:
                if (settings.Channel is < 0 or > 7)
                {
                    yield return $"{key}:Channel must be 0-7 (MCP3008 single-ended input).";
                }

                if (settings.ReferenceVolts is <= 0 or > 5.5)
                {
                    yield return $"{key}:ReferenceVolts must be above 0 and at most 5.5 V.";
                }

                if (settings.DividerRatio is <= 0 or > 1)
                {
                    yield return $"{key}:DividerRatio must be above 0 and at most 1.";
                }

                if (settings.Kind == SensorKind.CurrentClamp)
                {
                    if (settings.BurdenOhms <= 0 || settings.TurnsRatio <= 0)
                    {
                        yield return $"{key}:BurdenOhms and TurnsRatio must be positive.";
                    }

                    if (settings.BurstSamples is < 16 or > 100_000)
                    {
                        yield return $"{key}:BurstSamples must be between 16 and 100000.";
                    }
                }
                else if (settings.MaximumVolts <= settings.MinimumVolts)
                {
                    yield return $"{key}:MaximumVolts must be above MinimumVolts.";
                }

                break;
            case SensorKind.DigitalInput:
            case SensorKind.PulseCounter:
                if (settings.Pin is < 0 or > 53)
                {
                    yield return $"{key}:Pin must be a BCM GPIO number (0-53).";
                }

                if (settings.Kind == SensorKind.PulseCounter && settings.PulsesPerRevolution <= 0)
                {
                    yield return $"{key}:PulsesPerRevolution must be positive.";
                }

                if (settings.Debounce < TimeSpan.Zero)
                {
                    yield return $"{key}:Debounce must not be negative.";
                }

                break;
            default:
                yield return $"{key}:Kind '{settings.Kind}' is not a sensor kind.";
                break;
        }
    }
}

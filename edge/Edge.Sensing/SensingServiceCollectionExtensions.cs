using Edge.Hardware.Catalog;
using Edge.Hardware.Sensors;
using Edge.Ingest.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Edge.Sensing;

public static class SensingServiceCollectionExtensions
{
    /// <summary>
    /// On-board sensing: options from <c>Hardware</c> (validated at start-up), the sensor registry, one sampling service per
    /// configured bus, metrics, and the JSON contract of <c>GET /api/sensors</c>.
    /// </summary>
    public static IServiceCollection AddSensing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HardwareOptions>()
            .Bind(configuration.GetSection(HardwareOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<HardwareOptions>>(new KnownMachinesValidator(configuration));

        // The foundation registers the channel too; whichever comes first wins.
        services.TryAddSingleton(_ => new TelemetryChannel());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<SensingMetrics>();
        services.AddSingleton<SensorRegistry>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SensingJsonContext.Default));

        foreach (var bus in ConfiguredBuses(configuration))
        {
            services.AddSingleton<IHostedService>(provider => new BusSamplingService(provider.GetRequiredService<SensorRegistry>(), bus));
        }

        return services;
    }

    private static IEnumerable<string> ConfiguredBuses(IConfiguration configuration)
    {
        List<SensorSettings> sensors;
        try
        {
            sensors = configuration.GetSection(HardwareOptions.Section).Get<HardwareOptions>()?.Sensors ?? [];
        }
        catch (InvalidOperationException)
        {
            // Unbindable configuration is reported by the options validation at start-up, with the key to fix.
            sensors = [];
        }

        return sensors.Select(SensorFactory.BusOf).Distinct(StringComparer.Ordinal);
    }

    /// <summary>Readings of a machine the gateway does not know are rejected downstream: catch that at boot instead.</summary>
    private sealed class KnownMachinesValidator(IConfiguration configuration) : IValidateOptions<HardwareOptions>
    {
        public ValidateOptionsResult Validate(string? name, HardwareOptions options)
        {
            var known = configuration.GetSection($"{TelemetryOptions.Section}:{nameof(TelemetryOptions.Machines)}").Get<List<string>>() ?? [];
            if (known.Count == 0)
            {
                return ValidateOptionsResult.Success;
            }

            var unknown = options.Sensors
                .Select((sensor, index) => (sensor, index))
                .Where(pair => !known.Contains(pair.sensor.MachineId, StringComparer.Ordinal))
                .Select(pair => $"{HardwareOptions.Section}:Sensors:{pair.index}:MachineId '{pair.sensor.MachineId}' is not in " +
                    $"{TelemetryOptions.Section}:Machines; add it there or its readings are rejected as unknown.")
                .ToList();
            return unknown.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(unknown);
        }
    }
}

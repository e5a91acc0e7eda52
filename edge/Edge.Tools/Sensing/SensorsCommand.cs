using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using Edge.Gateway.Hosting;
using Edge.Kernel;
using Edge.Sensing;
using Microsoft.Extensions.Options;

namespace Edge.Tools.Sensing;

/// <summary>
/// <c>sensors list</c> and <c>sensors read [--watch]</c>. Asks the running gateway (it owns the buses); when none answers,
/// or with <c>--direct</c>, reads the configured sensors itself for a couple of seconds.
/// </summary>
internal static class SensorsCommand
{
    private static readonly TimeSpan s_directReadTime = TimeSpan.FromSeconds(2);

    public static Command Create()
    {
        var direct = new Option<bool>("--direct") { Description = "Read the sensors from this process instead of asking the running gateway." };
        var watch = new Option<bool>("--watch") { Description = "Keep printing the values every two seconds until Ctrl+C." };

        var list = new Command("list", "Configured on-board sensors, where they are wired, and their health.") { direct };
        list.TreatUnmatchedTokensAsErrors = false;
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var source = await SensorSource.OpenAsync(parseResult.GetValue(direct), [.. parseResult.UnmatchedTokens], cancellationToken);
            var response = await source.ReadAsync(cancellationToken);
            PrintList(response, source.Origin);
            return 0;
        });

        var read = new Command("read", "Current values of the on-board sensors, with units and quality.") { direct, watch };
        read.TreatUnmatchedTokensAsErrors = false;
        read.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var source = await SensorSource.OpenAsync(parseResult.GetValue(direct), [.. parseResult.UnmatchedTokens], cancellationToken);
            do
            {
                var response = await source.ReadAsync(cancellationToken);
                PrintValues(response, source.Origin);
                if (!parseResult.GetValue(watch))
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
            while (!cancellationToken.IsCancellationRequested);

            return 0;
        });

        return new Command("sensors", "On-board sensors (I2C, SPI, GPIO).") { list, read };
    }

    private static void PrintList(SensorsResponse response, string origin)
    {
        Console.WriteLine($"{response.Sensors.Count} sensors, {response.Mode} mode ({origin})");
        Console.WriteLine($"{"SENSOR",-22} {"KIND",-13} {"MACHINE",-12} {"WIRING",-16} {"HEALTH",-9} {"SAMPLES",8} {"FAILS",6} {"JITTER p99",11}");
        foreach (var sensor in response.Sensors)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{sensor.Name,-22} {sensor.Kind,-13} {sensor.MachineId,-12} {sensor.Wiring,-16} {sensor.Health,-9} {sensor.Samples,8} {sensor.Failures,6} {sensor.Jitter.P99Milliseconds,8:0.00} ms"));
            if (sensor.LastError is { } error && sensor.Health != "Healthy")
            {
                Console.WriteLine($"    {error}");
            }
        }
    }

    private static void PrintValues(SensorsResponse response, string origin)
    {
        Console.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} {response.Mode} mode ({origin})");
        foreach (var sensor in response.Sensors)
        {
            foreach (var measurement in sensor.Measurements)
            {
                var value = measurement.Value is { } number ? number.ToString("0.###", CultureInfo.InvariantCulture) : "-";
                Console.WriteLine($"  {sensor.MachineId,-12} {measurement.Name,-36} {value,12} {measurement.Unit,-6} {measurement.Quality}");
            }
        }
    }

    /// <summary>Where the values come from: the running gateway's API, or sensors sampled in this process.</summary>
    private sealed class SensorSource : IAsyncDisposable
    {
        private readonly HttpClient? _http;
        private readonly WebApplication? _app;

        private SensorSource(HttpClient? http, WebApplication? app, string origin)
        {
            _http = http;
            _app = app;
            Origin = origin;
        }

        public string Origin { get; }

        public static async Task<SensorSource> OpenAsync(bool direct, string[] args, CancellationToken cancellationToken)
        {
            // Only warnings and errors: the command prints its own table.
            var app = GatewayHost.Build([.. args, "--Logging:LogLevel:Default=Warning"]);
            if (!direct)
            {
                var url = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.LocalWebUrl;
                var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(2) };
                try
                {
                    using var probe = await http.GetAsync(new Uri("/api/sensors", UriKind.Relative), cancellationToken);
                    if (probe.IsSuccessStatusCode)
                    {
                        await app.DisposeAsync();
                        return new SensorSource(http, null, $"from the gateway at {url}");
                    }
                }
                catch (HttpRequestException)
                {
                    // No gateway running: read directly below.
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The gateway did not answer in time: read directly below.
                }

                http.Dispose();
            }

            // Validates Hardware:* now, with the same messages as at gateway start-up.
            _ = app.Services.GetRequiredService<IOptions<HardwareOptions>>().Value;
            return new SensorSource(null, app, "read directly");
        }

        public async Task<SensorsResponse> ReadAsync(CancellationToken cancellationToken)
        {
            if (_http is not null)
            {
                return await _http.GetFromJsonAsync(new Uri("/api/sensors", UriKind.Relative), SensingJsonContext.Default.SensorsResponse, cancellationToken)
                    ?? throw new InvalidOperationException("The gateway answered /api/sensors with nothing.");
            }

            var services = _app!.Services;
            var registry = services.GetRequiredService<SensorRegistry>();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stop.CancelAfter(s_directReadTime);
            try
            {
                await Task.WhenAll(registry.BusNames.Select(bus => Task.Run(() => registry.Sampler(bus).RunAsync(stop.Token), CancellationToken.None)));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The read window is over.
            }

            return SensingApi.Snapshot(registry, services.GetRequiredService<SensingMetrics>().RefusedTotal);
        }

        public async ValueTask DisposeAsync()
        {
            _http?.Dispose();
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }
}

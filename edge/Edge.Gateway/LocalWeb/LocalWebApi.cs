using System.Reflection;
using Edge.Gateway.Broker;
using Edge.Gateway.Hosting;
using Edge.Gateway.Outbox;
using Edge.Gateway.Telemetry;
using Edge.Gateway.Uplink;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.LocalWeb;

/// <summary>The gateway's own web: health and status for the IT person and the plant floor, even with the WAN down.</summary>
internal static class LocalWebApi
{
    private static readonly DateTimeOffset s_startedAt = DateTimeOffset.UtcNow;

    public static WebApplication MapLocalWeb(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapGet("/api/status", GetStatus);
        app.MapOutboxApi();
        return app;
    }

    public static string Version { get; } =
        typeof(LocalWebApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static Ok<GatewayStatus> GetStatus(
        IOptions<GatewayOptions> gateway,
        EmbeddedBroker broker,
        TelemetryMetrics telemetry,
        WindowService windows,
        SqliteOutbox outbox,
        UplinkService uplink)
    {
        var machines = windows.Latest.Values
            .OrderBy(summary => summary.MachineId, StringComparer.Ordinal)
            .Select(summary => new MachineStatus(
                summary.MachineId,
                summary.WindowEnd,
                summary.Sensors.ToDictionary(sensor => sensor.Sensor, sensor => sensor.Mean, StringComparer.Ordinal)))
            .ToList();
        return TypedResults.Ok(new GatewayStatus
        {
            GatewayId = gateway.Value.Id,
            Version = Version,
            StartedAt = s_startedAt,
            BrokerPort = broker.Port,
            MessagesAccepted = telemetry.Messages,
            ReadingsAccepted = telemetry.Readings,
            Rejections = telemetry.Rejections.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value, StringComparer.Ordinal),
            SummariesCommitted = telemetry.Summaries,
            OutboxBacklog = outbox.Backlog,
            LastSequence = outbox.LastSequence,
            UplinkConnected = uplink.Connected,
            UplinkSent = uplink.Sent,
            BrokerQueueOverwrites = broker.Overwritten,
            Machines = machines,
        });
    }
}

using System.Reflection;
using Edge.Gateway.Broker;
using Edge.Gateway.Fleet;
using Edge.Gateway.Hosting;
using Edge.Gateway.Maintenance;
using Edge.Gateway.Outbox;
using Edge.Gateway.Privacy;
using Edge.Gateway.Telemetry;
using Edge.Gateway.Uplink;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Edge.Gateway.Sensing;

namespace Edge.Gateway.LocalWeb;

/// <summary>The gateway's own web: health and status for the IT person and the plant floor, even with the WAN down.</summary>
internal static class LocalWebApi
{
    public static WebApplication MapLocalWeb(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        var startedAt = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        app.MapGet("/api/status", (IOptions<GatewayOptions> gateway, EmbeddedBroker broker, TelemetryMetrics telemetry, WindowService windows, SqliteOutbox outbox, UplinkService uplink) =>
            GetStatus(startedAt, gateway, broker, telemetry, windows, outbox, uplink));
        app.MapSensingApi();
        app.MapPrivacyApi();
        Beacons.BeaconsApi.MapBeaconsApi(app);
        app.MapMaintenanceApi();
        app.MapDevicesApi();
        app.MapOutboxApi();
        return app;
    }

    public static string Version { get; } =
        typeof(LocalWebApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static Ok<GatewayStatus> GetStatus(
        DateTimeOffset startedAt,
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
            StartedAt = startedAt,
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
            BrokerSockets = new BrokerSocketStatus(
                broker.Sockets.Connections, broker.Sockets.Receives, broker.Sockets.BytesReceived, broker.Sockets.Sends, broker.Sockets.BytesSent, broker.Sockets.ReadBuffersHeld),
            Machines = machines,
        });
    }
}

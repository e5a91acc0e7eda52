using Edge.Beacons;
using Edge.Gateway.Health;
using Edge.Ingest.Broker;
using Edge.Ingest.Fleet;
using Edge.Ingest.Sparkplug;
using Edge.Ingest.Telemetry;
using Edge.Kernel;
using Edge.Maintenance.Serving;
using Edge.Privacy;
using Edge.Sensing;
using Edge.StoreForward.Outbox;
using Edge.StoreForward.Uplink;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.LocalWeb;

/// <summary>The gateway's own web: health and status for the IT person and the plant floor, even with the WAN down.</summary>
internal static class LocalWebApi
{
    public static WebApplication MapLocalWeb(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        var startedAt = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        app.MapGet("/api/status", (IOptions<GatewayOptions> gateway, EmbeddedBroker broker, TelemetryMetrics telemetry, WindowService windows, OutboxMonitor outbox, UplinkService uplink) =>
            GetStatus(startedAt, gateway, broker, telemetry, windows, outbox, uplink));
        app.MapSensingApi();
        app.MapPrivacyApi();
        app.MapBeaconsApi();
        app.MapMaintenanceApi();
        app.MapDevicesApi();
        app.MapSparkplugApi();
        app.MapOutboxApi();
        return app;
    }

    private static Ok<GatewayStatus> GetStatus(
        DateTimeOffset startedAt,
        IOptions<GatewayOptions> gateway,
        EmbeddedBroker broker,
        TelemetryMetrics telemetry,
        WindowService windows,
        OutboxMonitor outbox,
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
            Version = GatewayVersion.Current,
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

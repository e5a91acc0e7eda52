using System.CommandLine;

namespace Edge.LoadHarness;

/// <summary>The <c>drain</c> command: outbox drain over MQTT into the cloud's store (SQLite or PostgreSQL).</summary>
internal static class DrainCommand
{
    public static Command Create()
    {
        var records = new Option<int>("--records") { Description = "Machine summaries in the outbox backlog.", DefaultValueFactory = _ => 100_000 };
        var store = new Option<DrainStore>("--store") { Description = "Cloud store: sqlite or postgres (a private PostgreSQL 15 cluster).", DefaultValueFactory = _ => DrainStore.Sqlite };
        var batchSize = new Option<int?>("--batch-size") { Description = "Uplink:BatchSize of the gateway (records per round; default: the gateway build's own default)." };
        var recordsPerPublish = new Option<int?>("--records-per-publish") { Description = "Uplink:RecordsPerPublish of the gateway (records packed into one MQTT publish; 1 = one publish per record; default: the gateway build's own default)." };
        var rate = new Option<double>("--drain-rate") { Description = "Uplink:DrainRatePerSecond of the gateway (0 = unthrottled, the default).", DefaultValueFactory = _ => 0 };
        var fsync = new Option<bool>("--pg-fsync") { Description = "PostgreSQL fsync (on by default: durable ingest).", DefaultValueFactory = _ => true };
        var timeout = new Option<int>("--timeout-seconds") { Description = "Give up when the store does not hold every record by then.", DefaultValueFactory = _ => 300 };
        var gatewayDll = new Option<string?>("--gateway-dll") { Description = "Edge.Gateway.dll to start (default: the build beside this harness)." };
        var cloudDll = new Option<string?>("--cloud-dll") { Description = "Edge.Cloud.dll to start (default: the build beside this harness)." };
        var cloudWarmup = new Option<int>("--cloud-warmup") { Description = "Records of another gateway drained into the same cloud before the measured drain (0 = none: the cloud starts with the measurement).", DefaultValueFactory = _ => 0 };
        var command = new Command("drain", "Drain an outbox backlog over MQTT to the cloud and measure records/s until its store holds every record exactly once.")
        {
            records, store, batchSize, recordsPerPublish, rate, fsync, timeout, gatewayDll, cloudDll, cloudWarmup,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new DrainOptions(
                parseResult.GetValue(records),
                parseResult.GetValue(store),
                parseResult.GetValue(batchSize),
                parseResult.GetValue(rate),
                parseResult.GetValue(fsync),
                TimeSpan.FromSeconds(parseResult.GetValue(timeout)),
                parseResult.GetValue(gatewayDll),
                parseResult.GetValue(cloudDll),
                parseResult.GetValue(recordsPerPublish),
                parseResult.GetValue(cloudWarmup));
            return await DrainRun.RunAsync(options, Console.Out, cancellationToken);
        });
        return command;
    }
}

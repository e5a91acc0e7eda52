using System.Globalization;
using Edge.Contracts;
using Edge.StoreForward.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

// Usage: Edge.Durability.Child <outbox path> <full|off>
// Commits batches of five alerts until killed; after each commit returns, prints "committed <sequence>" per record.
// "off" disables fsync: the power-loss test's negative control.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Edge.Durability.Child <outbox path> <full|off>");
    return 2;
}

using var outbox = new SqliteOutbox(args[0], new OutboxOptions(), TimeProvider.System, NullLogger.Instance);
if (string.Equals(args[1], "off", StringComparison.Ordinal))
{
    outbox.DisableFsyncForNegativeControl();
}

var stdout = Console.Out;
for (var batch = 0; ; batch++)
{
    var now = DateTimeOffset.UtcNow;
    var alerts = new UplinkMessage[5];
    for (var i = 0; i < alerts.Length; i++)
    {
        alerts[i] = new FailureAlert
        {
            AlertId = "a" + (batch * 5 + i).ToString(CultureInfo.InvariantCulture),
            MachineId = "press-01",
            AlertKind = AlertKinds.Anomaly,
            Severity = "warning",
            State = "open",
            Reason = "power-loss test",
            FirstSeen = now,
            LastUpdated = now,
        };
    }

    foreach (var sequence in outbox.Store.Append(alerts))
    {
        stdout.WriteLine("committed " + sequence.ToString(CultureInfo.InvariantCulture));
    }

    stdout.Flush();
}

using Edge.Contracts;
using Edge.StoreForward.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace Edge.StoreForward.Tests.Outbox;

public sealed class SqliteOutboxTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-outbox-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 14, 0, 0, TimeSpan.Zero));

    private string OutboxPath => Path.Combine(_directory, "outbox.db");

    private static MachineSummary Summary(string machine) => new()
    {
        MachineId = machine,
        WindowStart = DateTimeOffset.UnixEpoch,
        WindowEnd = DateTimeOffset.UnixEpoch.AddMinutes(1),
        Sensors = [new SensorSummary { Sensor = "t", Count = 1, Mean = 1, Min = 1, Max = 1, StandardDeviation = 0 }],
    };

    [Fact]
    public void Append_AfterRestart_SequenceContinuesAndNeverRepeats()
    {
        IReadOnlyList<long> first;
        using (var outbox = new SqliteOutbox(OutboxPath, _time))
        {
            first = outbox.Store.Append([Summary("a"), Summary("b")]);
            outbox.Leases.Acknowledge([.. first]);
        }

        using var reopened = new SqliteOutbox(OutboxPath, _time);
        var second = reopened.Store.Append([Summary("c")]);

        Assert.Equal([1L, 2L], first);
        Assert.Equal([3L], second); // Deleted sequences are not reused.
        Assert.Equal(3, reopened.Monitor.LastSequence);
    }

    [Fact]
    public void Peek_MixedClasses_AlertsFirstThenOldestFirst()
    {
        using var outbox = new SqliteOutbox(OutboxPath, _time);
        outbox.Store.Append([Summary("a")]);
        outbox.Store.Append([new FailureAlert
        {
            AlertId = "x1", MachineId = "a", AlertKind = AlertKinds.Anomaly, Severity = "warning", State = "open",
            Reason = "vibration rising", FirstSeen = _time.GetUtcNow(), LastUpdated = _time.GetUtcNow(),
        }]);
        outbox.Store.Append([Summary("b")]);

        var records = outbox.Leases.Peek(10);

        Assert.Equal([2L, 1L, 3L], records.Select(record => record.Sequence));
        Assert.Equal(MessageKinds.FailureAlert, records[0].Kind);
    }

    [Fact]
    public void Acknowledge_RemovesOnlyAcknowledgedRecords()
    {
        using var outbox = new SqliteOutbox(OutboxPath, _time);
        var sequences = outbox.Store.Append([Summary("a"), Summary("b"), Summary("c")]);

        outbox.Leases.Acknowledge([sequences[1]]);

        Assert.Equal(2, outbox.Monitor.Backlog);
        Assert.Equal([sequences[0], sequences[2]], outbox.Leases.Peek(10).Select(record => record.Sequence));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

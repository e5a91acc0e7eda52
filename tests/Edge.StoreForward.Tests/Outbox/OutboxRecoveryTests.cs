using Edge.Contracts;
using Edge.StoreForward.Outbox;
using Microsoft.Data.Sqlite;

namespace Edge.StoreForward.Tests.Outbox;

public sealed class OutboxRecoveryTests
{
    public static TheoryData<string> Damages => ["zeroed", "truncated", "garbage"];

    [Theory]
    [MemberData(nameof(Damages))]
    public void Open_DamagedFile_MovesItAsideStartsFreshAndContinuesSequences(string damage)
    {
        using var kit = new OutboxTestKit();
        long last;
        using (var outbox = kit.Open())
        {
            for (var i = 0; i < 200; i++)
            {
                outbox.Store.Append([OutboxTestKit.Summary("press-01", OutboxTestKit.Start.AddMinutes(i), TimeSpan.FromMinutes(1), i, i + 1, i + 2)]);
            }

            last = outbox.Monitor.LastSequence;
        }

        SqliteConnection.ClearAllPools();
        Damage(kit.OutboxPath, damage);

        using var fresh = kit.Open();
        var next = fresh.Store.Append([OutboxTestKit.Alert(1, OutboxTestKit.Start)])[0];

        Assert.True(fresh.RecoveredFromCorruption);
        Assert.Contains(fresh.Monitor.Warnings, w => w.Contains(".corrupt-", StringComparison.Ordinal));
        Assert.Single(Directory.GetFiles(kit.Directory, "outbox.db.corrupt-*"), f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal));
        Assert.True(next > last, $"sequence {next} must continue above {last}, or the cloud would discard it as a duplicate");
        Assert.Equal(1, fresh.Monitor.Backlog);
    }

    [Fact]
    public void Open_EmptiedFile_ContinuesAboveEverySequenceHandedOut()
    {
        using var kit = new OutboxTestKit();
        long last;
        using (var outbox = kit.Open())
        {
            last = outbox.Store.Append([OutboxTestKit.Alert(1, OutboxTestKit.Start)])[0];
        }

        SqliteConnection.ClearAllPools();
        File.Delete(kit.OutboxPath);
        File.Delete(kit.OutboxPath + "-wal");

        using var fresh = kit.Open();
        Assert.True(fresh.Store.Append([OutboxTestKit.Alert(2, OutboxTestKit.Start)])[0] > last);
    }

    [Fact]
    public void Open_HealthyFile_IsNotMovedAside()
    {
        using var kit = new OutboxTestKit();
        using (var outbox = kit.Open())
        {
            outbox.Store.Append([OutboxTestKit.Alert(1, OutboxTestKit.Start)]);
        }

        using var reopened = kit.Open();
        Assert.False(reopened.RecoveredFromCorruption);
        Assert.Equal(PriorityClass.Alert, Assert.Single(reopened.Leases.Peek(10)).Priority);
    }

    private static void Damage(string path, string damage)
    {
        // Fold the WAL into the file first, so the damage hits the records themselves.
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }

        var length = new FileInfo(path).Length;
        switch (damage)
        {
            case "zeroed":
                File.WriteAllBytes(path, new byte[length]);
                break;
            case "truncated":
                using (var stream = new FileStream(path, FileMode.Open))
                {
                    stream.SetLength(length / 2 + 100);
                }

                break;
            default:
                var garbage = new byte[length];
                new Random(3).NextBytes(garbage);
                File.WriteAllBytes(path, garbage);
                break;
        }
    }
}

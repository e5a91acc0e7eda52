using System.Collections.Concurrent;
using Edge.Privacy;

namespace Edge.Privacy.Tests;

public sealed class PseudonymizerConcurrencyTests
{
    [Fact]
    public void Pseudonymize_ThreadsHashingWhileTheKeyRotates_GiveOneValuePerEpochAndNeverAZeroedKey()
    {
        using var pseudonymizer = new Pseudonymizer();
        byte[] address = [0x4D, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF];
        var seen = new ConcurrentDictionary<Pseudonym, byte>();
        var calls = 0L;
        var stop = false;
        var workers = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                seen.TryAdd(pseudonymizer.Pseudonymize(address), 0);
                Interlocked.Increment(ref calls);
            }
        })
        { IsBackground = true }).ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        // Rotate only while the workers are hashing: after each rotation, wait until they have made more calls. The
        // count is read after the rotation returns, so the calls waited for started under the new key (at most one
        // call per worker was in flight across it), also when this thread is descheduled around Rotate on a busy machine.
        var deadline = TimeSpan.FromSeconds(20);
        Assert.True(SpinWait.SpinUntil(() => Interlocked.Read(ref calls) > 100, deadline));
        for (var i = 0; i < 300; i++)
        {
            pseudonymizer.Rotate();
            var after = Interlocked.Read(ref calls);
            Assert.True(SpinWait.SpinUntil(() => Interlocked.Read(ref calls) > after + 20, deadline));
        }

        Volatile.Write(ref stop, true);
        foreach (var worker in workers)
        {
            worker.Join();
        }

        // A call that hashed under a key being replaced or zeroed would give a second value for its epoch. A stress
        // test: the window it looks for is a 64-byte copy wide, so it catches a broken sequence check reliably only
        // when the zeroing is slow (checked by hand with a 1 ms pause in ReplaceKeyLocked: 40 of 271 epochs doubled).
        var byEpoch = seen.Keys.GroupBy(p => p.Epoch).ToList();
        Assert.All(byEpoch, epoch => Assert.Single(epoch));
        Assert.True(byEpoch.Count > 250, $"only {byEpoch.Count} epochs seen");
    }

    [Fact]
    public void Pseudonymize_AfterRotate_DiffersFromBeforeAndIsStableWithinTheEpoch()
    {
        using var pseudonymizer = new Pseudonymizer();
        byte[] address = [0x4D, 1, 2, 3, 4, 5, 6];
        var before = pseudonymizer.Pseudonymize(address);

        pseudonymizer.Rotate();
        var after = pseudonymizer.Pseudonymize(address);

        Assert.NotEqual(before, after);
        Assert.Equal(before.Epoch + 1, after.Epoch);
        Assert.Equal(after, pseudonymizer.Pseudonymize(address));
    }
}

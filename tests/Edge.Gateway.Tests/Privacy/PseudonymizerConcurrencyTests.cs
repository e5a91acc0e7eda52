using System.Collections.Concurrent;
using Edge.Gateway.Privacy;

namespace Edge.Gateway.Tests.Privacy;

public sealed class PseudonymizerConcurrencyTests
{
    [Fact]
    public async Task Pseudonymize_ManyThreadsWhileTheKeyRotates_GivesOneValuePerEpochAndNeverAZeroedKey()
    {
        using var pseudonymizer = new Pseudonymizer();
        byte[] address = [0x4D, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF];
        var seen = new ConcurrentDictionary<Pseudonym, byte>();
        using var stop = new CancellationTokenSource();

        var workers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                seen.TryAdd(pseudonymizer.Pseudonymize(address), 0);
            }
        })).ToArray();
        for (var i = 0; i < 200; i++)
        {
            pseudonymizer.Rotate();
            seen.TryAdd(pseudonymizer.Pseudonymize(address), 0);
        }

        stop.Cancel();
        await Task.WhenAll(workers);

        // A call that hashed under a key being replaced or zeroed would give a second value for its epoch.
        var byEpoch = seen.Keys.GroupBy(p => p.Epoch).ToList();
        Assert.All(byEpoch, epoch => Assert.Single(epoch));
        Assert.True(byEpoch.Count >= 200, $"only {byEpoch.Count} epochs seen");
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

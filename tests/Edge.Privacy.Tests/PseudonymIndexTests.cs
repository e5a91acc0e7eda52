using Edge.Privacy;

namespace Edge.Privacy.Tests;

public sealed class PseudonymIndexTests
{
    private static Pseudonym Key(ulong high, ulong low) => new(high, low, 3);

    private static Pseudonym[] RandomKeys(int count, int seed)
    {
        var random = new Random(seed);
        var keys = new Pseudonym[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = Key((ulong)random.NextInt64(), (ulong)random.NextInt64());
        }

        return keys;
    }

    [Fact]
    public void Add_FarPastTheFirstTableAndChunk_FindsEveryPseudonymInItsDenseSlot()
    {
        var index = new PseudonymIndex();
        var keys = RandomKeys(5000, seed: 1);

        var slots = keys.Select(index.Add).ToArray();

        Assert.Equal(Enumerable.Range(0, keys.Length), slots);
        Assert.Equal(keys.Length, index.Count);
        Assert.Equal(keys.Length, index.HighWater);
        Assert.All(Enumerable.Range(0, keys.Length), i => Assert.Equal(i, index.Find(keys[i])));
        Assert.All(Enumerable.Range(0, keys.Length), i => Assert.Equal(keys[i], index.PseudonymAt(i, 3)));
        Assert.Equal(-1, index.Find(Key(12345, 67890)));
    }

    [Fact]
    public void Remove_HalfOfThem_RestStillFoundAndFreedSlotsReusedLastFreedFirst()
    {
        var index = new PseudonymIndex();
        var keys = RandomKeys(3000, seed: 2);
        foreach (var key in keys)
        {
            index.Add(key);
        }

        for (var i = 0; i < keys.Length; i += 2)
        {
            index.Remove(i);
        }

        Assert.Equal(keys.Length / 2, index.Count);
        Assert.All(Enumerable.Range(0, keys.Length), i => Assert.Equal(i % 2 == 0 ? -1 : i, index.Find(keys[i])));
        Assert.False(index.IsUsed(0));
        Assert.True(index.IsUsed(1));

        var fresh = RandomKeys(2, seed: 3);
        Assert.Equal(keys.Length - 2, index.Add(fresh[0]));
        Assert.Equal(keys.Length - 4, index.Add(fresh[1]));
        Assert.Equal(keys.Length, index.HighWater);
        Assert.Equal(keys.Length - 2, index.Find(fresh[0]));
    }

    [Fact]
    public void Find_PseudonymsSharingOneHalf_AreKeptApartThroughRemovals()
    {
        // Half the bits equal across thousands of keys: long probe runs that removal must keep intact.
        var index = new PseudonymIndex();
        var keys = Enumerable.Range(1, 2000).Select(n => Key((ulong)n, 0x5eed))
            .Concat(Enumerable.Range(1, 2000).Select(n => Key(0x5eed, (ulong)n)))
            .ToArray();
        foreach (var key in keys)
        {
            index.Add(key);
        }

        for (var i = 0; i < keys.Length; i += 3)
        {
            index.Remove(index.Find(keys[i]));
        }

        Assert.All(Enumerable.Range(0, keys.Length), i => Assert.Equal(i % 3 != 0, index.Find(keys[i]) >= 0));
        Assert.Equal(keys.Length - ((keys.Length + 2) / 3), index.Count);
    }

    [Fact]
    public void RandomAddsAndRemoves_AgreeWithADictionaryAtEveryStep()
    {
        var index = new PseudonymIndex();
        var universe = RandomKeys(400, seed: 4);
        var expected = new Dictionary<Pseudonym, int>();
        var random = new Random(5);

        for (var step = 0; step < 20_000; step++)
        {
            var key = universe[random.Next(universe.Length)];
            if (expected.TryGetValue(key, out var slot))
            {
                Assert.Equal(slot, index.Find(key));
                index.Remove(slot);
                expected.Remove(key);
            }
            else
            {
                Assert.Equal(-1, index.Find(key));
                expected[key] = index.Add(key);
            }

            Assert.Equal(expected.Count, index.Count);
        }

        Assert.All(universe, key => Assert.Equal(expected.TryGetValue(key, out var slot) ? slot : -1, index.Find(key)));
        var used = Enumerable.Range(0, index.HighWater).Where(index.IsUsed).ToHashSet();
        Assert.Equal(expected.Values.ToHashSet(), used);
    }

    [Fact]
    public void Clear_Full_ForgetsEveryPseudonymAndStartsSlotsAgain()
    {
        var index = new PseudonymIndex();
        var keys = RandomKeys(1000, seed: 6);
        foreach (var key in keys)
        {
            index.Add(key);
        }

        index.Clear();

        Assert.Equal(0, index.Count);
        Assert.Equal(0, index.HighWater);
        Assert.All(keys, key => Assert.Equal(-1, index.Find(key)));
        Assert.Equal(0, index.Add(keys[^1]));
    }

    [Fact]
    public void Remove_FreeSlot_Throws()
    {
        var index = new PseudonymIndex();
        index.Add(Key(1, 2));
        index.Remove(0);

        Assert.Throws<ArgumentOutOfRangeException>(() => index.Remove(0));
    }

    [Fact]
    public void ChunkedArray_GrowsAcrossChunks_KeepsEarlierValuesAndRows()
    {
        var array = new ChunkedArray<int>(width: 3);
        var slots = (ChunkedArray<int>.ChunkSize * 2) + 5;
        for (var slot = 0; slot < slots; slot++)
        {
            array.EnsureSlot(slot);
            var row = array.Row(slot);
            row[0] = slot;
            row[2] = -slot;
        }

        Assert.Equal(ChunkedArray<int>.ChunkSize * 3, array.Capacity);
        Assert.All(Enumerable.Range(0, slots), slot =>
        {
            Assert.Equal(slot, array[slot]);
            Assert.Equal(-slot, array.Row(slot)[2]);
            Assert.Equal(0, array.Row(slot)[1]);
        });
    }
}

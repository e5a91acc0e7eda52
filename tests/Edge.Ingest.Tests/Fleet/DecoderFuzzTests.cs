using System.Buffers;
using System.Text;
using Edge.Ingest.Json;
using Edge.Ingest.Sparkplug;
using Edge.Ingest.Sparkplug.Protobuf;
using Edge.Ingest.Telemetry;
using Edge.Ingest.Tests.Sparkplug;
using Edge.Kernel;
using Google.Protobuf;

namespace Edge.Ingest.Tests.Fleet;

public sealed class DecoderFuzzTests
{
    private const int Iterations = 60_000;

    [Fact]
    public void Decoders_RandomAndMutatedPayloads_NeverThrow()
    {
        // Seeded: a failure reproduces. 60k JSON + 60k protobuf = 120k payloads.
        var random = new Random(20261129);
        var parser = new TelemetryParser(_ => true, 1e9);
        var readings = new List<Reading>();
        var sequences = new List<SampleSequence>();
        var jsonSeeds = new[]
        {
            Encoding.UTF8.GetBytes(Payloads.Single(17, 71.3)),
            Encoding.UTF8.GetBytes("""{"machineId":"press-01","samples":[{"timestamp":"2026-11-29T14:00:00Z","sequence":18,"readings":{"t":1.5}},{"sequence":19,"readings":{"t":2}}]}"""),
        };
        var protoSeeds = new[]
        {
            SparkplugIngestTests.Build(0, SparkplugIngestTests.Metric("bdSeq", 1, DataType.Int64), SparkplugIngestTests.Metric("Temperature", 20.5, DataType.Double, alias: 3)).ToByteArray(),
            SparkplugIngestTests.Build(4, SparkplugIngestTests.Metric(null, 7, DataType.Int32, alias: 3)).ToByteArray(),
        };
        var accepted = 0;
        var decoded = 0;

        for (var i = 0; i < Iterations; i++)
        {
            var json = Mutate(random, jsonSeeds[i % jsonSeeds.Length], i);
            readings.Clear();
            sequences.Clear();
            if (parser.Parse("press-01", new ReadOnlySequence<byte>(json), DateTimeOffset.UnixEpoch, readings, sequences).IsAccepted)
            {
                accepted++;
                Assert.All(readings, reading => Assert.True(double.IsFinite(reading.Value)));
            }

            var proto = Mutate(random, protoSeeds[i % protoSeeds.Length], i);
            if (SparkplugDecoder.TryDecode(new ReadOnlySequence<byte>(proto), out var payload, out _))
            {
                decoded++;
                foreach (var metric in payload!.Metrics)
                {
                    SparkplugDecoder.TryGetNumber(metric, out _);
                }
            }
        }

        // The mutation mix keeps some payloads intact; both decoders must still accept those.
        Assert.InRange(accepted, 1, Iterations - 1);
        Assert.InRange(decoded, 1, Iterations);
    }

    private static byte[] Mutate(Random random, byte[] seed, int iteration)
    {
        switch (iteration % 5)
        {
            case 0:
                var noise = new byte[random.Next(0, 300)];
                random.NextBytes(noise);
                return noise;
            case 1:
                var flipped = (byte[])seed.Clone();
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                }

                return flipped;
            case 2:
                return seed[..random.Next(seed.Length + 1)];
            case 3:
                var spliced = new byte[seed.Length + random.Next(1, 32)];
                var at = random.Next(seed.Length);
                seed.AsSpan(0, at).CopyTo(spliced);
                random.NextBytes(spliced.AsSpan(at, spliced.Length - seed.Length));
                seed.AsSpan(at).CopyTo(spliced.AsSpan(at + spliced.Length - seed.Length));
                return spliced;
            default:
                return seed;
        }
    }
}

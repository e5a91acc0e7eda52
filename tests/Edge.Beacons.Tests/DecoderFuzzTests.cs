using Edge.Beacons.Decoding;
using Edge.TestKit;

namespace Edge.Beacons.Tests;

public sealed class DecoderFuzzTests
{
    private const int FrameCount = 120_000;

    private static byte[][] Seeds() =>
    [
        Frames.Advertisement(Frames.Flags, Frames.Ad(0xFF, Frames.IBeaconManufacturerData())),
        Frames.Advertisement(Frames.Flags, Frames.Ad(0xFF, Frames.AltBeaconManufacturerData())),
        Frames.Eddystone(Frames.EddystoneUidFrame()),
        Frames.Eddystone(Frames.EddystoneUrlFrame(0x03, [.. "shop"u8, 0x07])),
        Frames.Eddystone(Frames.EddystoneTlmFrame(3000, 0x1A80, 1, 2)),
        Frames.Eddystone(Frames.EddystoneEidFrame()),
        Frames.HciEvent(Frames.Mac, -60, Frames.Advertisement(Frames.Flags, Frames.Ad(0xFF, Frames.IBeaconManufacturerData()))),
        Frames.IBeaconManufacturerData(),
    ];

    [Fact]
    public void Decode_RandomAndMutatedFrameCountNeverThrowAndCoverBothOutcomes()
    {
        var random = new Random(20261129);
        var seeds = Seeds();
        var decoded = 0;
        var rejected = 0;
        var recognized = 0;
        for (var i = 0; i < FrameCount; i++)
        {
            var frame = i % 2 == 0 ? RandomFrame(random) : Mutate(random, seeds[random.Next(seeds.Length)]);
            foreach (var outcome in DecodeAllLayers(frame))
            {
                if (outcome == DecodeError.None)
                {
                    decoded++;
                }
                else
                {
                    rejected++;
                }
            }

            if (AdvertisementDecoder.DecodeAdvertisingData(frame, out var ad) == DecodeError.None && ad.Format != BeaconFormat.Unknown)
            {
                recognized++;
                _ = ad.Format == BeaconFormat.EddystoneUrl ? EddystoneUrl.Expand(ad.EncodedUrl) : null;
            }
        }

        Assert.True(decoded > 1000, $"only {decoded} decoded");
        Assert.True(rejected > 1000, $"only {rejected} rejected");
        Assert.True(recognized > 100, $"only {recognized} recognized beacons");
    }

    private static List<DecodeError> DecodeAllLayers(byte[] frame)
    {
        var outcomes = new List<DecodeError>(4)
        {
            AdvertisementDecoder.DecodeAdvertisingData(frame, out _),
            AdvertisementDecoder.DecodeManufacturerData(frame, out _),
        };
        var hci = HciEventReader.Open(frame, out var reader);
        outcomes.Add(hci);
        if (hci == DecodeError.None)
        {
            foreach (var report in reader)
            {
                outcomes.Add(report.Data.IsEmpty ? DecodeError.None : AdvertisementDecoder.DecodeAdvertisingData(report.Data, out _));
                _ = BeaconFrameJson.FormatAddress(report.Address);
            }
        }

        return outcomes;
    }

    private static byte[] RandomFrame(Random random)
    {
        var frame = new byte[random.Next(0, 64)];
        random.NextBytes(frame);
        return frame;
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var frame = new List<byte>(seed);
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            switch (random.Next(5))
            {
                case 0 when frame.Count > 0:
                    frame[random.Next(frame.Count)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when frame.Count > 0:
                    frame.RemoveRange(random.Next(frame.Count), 1);
                    break;
                case 2:
                    frame.Insert(random.Next(frame.Count + 1), (byte)random.Next(256));
                    break;
                case 3 when frame.Count > 0:
                    var keep = random.Next(frame.Count);
                    frame.RemoveRange(keep, frame.Count - keep);
                    break;
                default:
                    if (frame.Count > 0)
                    {
                        frame[random.Next(frame.Count)] = (byte)random.Next(256);
                    }

                    break;
            }
        }

        return [.. frame];
    }
}

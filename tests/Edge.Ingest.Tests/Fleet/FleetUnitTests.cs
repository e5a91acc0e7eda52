using Edge.Ingest.Fleet;
using Edge.Ingest.Telemetry;
using Edge.Kernel;
using Edge.Tools.Fleet;
using MQTTnet.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Ingest.Tests.Fleet;

public sealed class FleetUnitTests
{
    [Fact]
    public void Verify_HashOfSecret_MatchesOnlyThatSecret()
    {
        var secret = DeviceSecretHasher.GenerateSecret();

        var hash = DeviceSecretHasher.Hash(secret);

        Assert.StartsWith("pbkdf2-sha256$100000$", hash, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, hash, StringComparison.Ordinal);
        Assert.True(DeviceSecretHasher.Verify(secret, hash));
        Assert.False(DeviceSecretHasher.Verify(secret + "x", hash));
        Assert.False(DeviceSecretHasher.Verify(secret, "pbkdf2-sha256$1$bad$hash"));
        Assert.NotEqual(hash, DeviceSecretHasher.Hash(secret));
    }

    [Theory]
    [InlineData("devices/press-01/telemetry", true)]
    [InlineData("devices/press-01/status", true)]
    [InlineData("devices/press-01", false)]
    [InlineData("devices/press-01x/telemetry", false)]
    [InlineData("devices/press-02/telemetry", false)]
    [InlineData("spBv1.0/plant/NDATA/press-01", true)]
    [InlineData("spBv1.0/plant/DDATA/press-01/dev", true)]
    [InlineData("spBv1.0/plant/NCMD/press-01", false)]
    [InlineData("spBv1.0/plant/NDATA/press-02", false)]
    [InlineData("edge/v1/gw/summary", false)]
    [InlineData("home/press-01/BTtoMQTT/AABBCCDDEEFF", true)]
    [InlineData("home/press-01/LWT", true)]
    [InlineData("home/press-01/BTtoMQTT", false)]
    [InlineData("home/press-02/BTtoMQTT/AABBCCDDEEFF", false)]
    [InlineData("home/press-01/commands/MQTTtoBT", false)]
    [InlineData("espresense/devices/phone-7/press-01", true)]
    [InlineData("espresense/devices/phone-7/press-02", false)]
    [InlineData("espresense/rooms/press-01/status", true)]
    [InlineData("espresense/rooms/press-01/max_distance", false)]
    public void CanPublish_Topics_OnlyOwnPrefix(string topic, bool allowed)
    {
        Assert.Equal(allowed, TopicAccessPolicy.CanPublish("press-01", topic));
    }

    [Theory]
    [InlineData("devices/press-01/commands", true)]
    [InlineData("devices/press-01/#", false)]
    [InlineData("devices/+/commands", false)]
    [InlineData("spBv1.0/plant/NCMD/press-01", true)]
    [InlineData("spBv1.0/+/DCMD/press-01/+", true)]
    [InlineData("spBv1.0/STATE/host-1", true)]
    [InlineData("spBv1.0/#", false)]
    [InlineData("#", false)]
    [InlineData("espresense/rooms/press-01/+/set", true)]
    [InlineData("espresense/rooms/press-02/+/set", false)]
    [InlineData("espresense/rooms/press-01/#", false)]
    public void CanSubscribe_Filters_OnlyOwnCommands(string filter, bool allowed)
    {
        Assert.Equal(allowed, TopicAccessPolicy.CanSubscribe("press-01", filter));
    }

    [Fact]
    public void TryAccept_RepeatsReordersAndRestart_DuplicatesOnlyRefused()
    {
        var window = new SequenceWindow();

        Assert.True(window.TryAccept(10));
        Assert.True(window.TryAccept(12));
        Assert.False(window.TryAccept(12));
        Assert.True(window.TryAccept(11));
        Assert.False(window.TryAccept(10));
        Assert.True(window.TryAccept(5000));
        Assert.True(window.TryAccept(12 + SequenceWindow.Size));
        Assert.True(window.TryAccept(0));
        Assert.False(window.TryAccept(0));
    }

    [Fact]
    public void TryTake_BurstThenRefill_FollowsRate()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(time, ratePerSecond: 2, burst: 3);

        var burst = Enumerable.Range(0, 4).Select(_ => bucket.TryTake()).ToList();
        time.Advance(TimeSpan.FromSeconds(1));
        var refilled = Enumerable.Range(0, 3).Select(_ => bucket.TryTake()).ToList();

        Assert.Equal([true, true, true, false], burst);
        Assert.Equal([true, true, false], refilled);
        Assert.Equal(1, bucket.ConsecutiveRefusals);
    }

    [Fact]
    public async Task WriteAllAsync_FullChannel_QoS0DroppedQoS1Waits()
    {
        var channel = new TelemetryChannel(capacity: 2);
        var readings = Enumerable.Range(0, 5).Select(i => new Reading("press-01", "t", i, DateTimeOffset.UnixEpoch)).ToList();

        var dropped = await ReadingHandOff.WriteAllAsync(channel, readings, MqttQualityOfServiceLevel.AtMostOnce, CancellationToken.None);
        var waiting = ReadingHandOff.WriteAllAsync(channel, readings, MqttQualityOfServiceLevel.AtLeastOnce, CancellationToken.None).AsTask();

        Assert.Equal(3, dropped);
        Assert.False(waiting.IsCompleted);

        // Read exactly what must arrive (2 taken from the QoS 0 message, all 5 of the QoS 1 one), with a deadline. A loop
        // on "the writer is not done yet" raced with the writer's completion and could wait forever on an empty channel
        // (it hung a CI run).
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var drained = 0; drained < 7; drained++)
        {
            var reading = await channel.Reader.ReadAsync(deadline.Token);
            Assert.True(reading.Value is >= 0 and < 5);
        }

        Assert.Equal(0, await waiting.WaitAsync(deadline.Token));
        Assert.False(channel.Reader.TryPeek(out _));
    }

    [Fact]
    public void Format_RegistryAndActivity_OneLinePerDeviceWithReasons()
    {
        var devices = new[]
        {
            new DeviceRecord("press-01", "hash", DateTimeOffset.UnixEpoch),
            new DeviceRecord("press-02", "hash", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch),
        };
        var activity = new DeviceActivityDocument(DateTimeOffset.UnixEpoch, [
            new DeviceActivitySnapshot("press-01", true, null, DateTimeOffset.UnixEpoch, 12, 24, 1, new Dictionary<string, long> { ["TooLarge"] = 2 }),
        ]);

        var lines = DeviceListFormatter.Format(devices, activity).Split('\n');

        Assert.Contains(lines, line => line.StartsWith("press-01", StringComparison.Ordinal) && line.Contains("online", StringComparison.Ordinal)
            && line.Contains("TooLarge=2", StringComparison.Ordinal) && line.Contains("12", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("press-02", StringComparison.Ordinal) && line.Contains("revoked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DevicesCommand_AddListRevoke_RegistryFileUpdated()
    {
        var folder = Path.Combine(Path.GetTempPath(), "edge-cli-" + Guid.NewGuid().ToString("N"));
        var gateway = Path.Combine(AppContext.BaseDirectory, "Edge.Tools.dll");

        var add = await ExternalTools.RunAsync("dotnet", [gateway, "devices", "--data-dir", folder, "add", "press-07"]);
        var again = await ExternalTools.RunAsync("dotnet", [gateway, "devices", "--data-dir", folder, "add", "press-07"]);
        var revoke = await ExternalTools.RunAsync("dotnet", [gateway, "devices", "--data-dir", folder, "revoke", "press-07"]);
        var list = await ExternalTools.RunAsync("dotnet", [gateway, "devices", "--data-dir", folder, "list"]);

        Assert.Equal(0, add.ExitCode);
        var secret = add.Output.Split('\n').Single(line => line.StartsWith("Secret:", StringComparison.Ordinal))["Secret:".Length..].Trim();
        var registry = await File.ReadAllTextAsync(Path.Combine(folder, "devices.json"));
        Assert.DoesNotContain(secret, registry, StringComparison.Ordinal);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Equal(0, revoke.ExitCode);
        Assert.Contains(list.Output.Split('\n'), line => line.StartsWith("press-07", StringComparison.Ordinal) && line.Contains("revoked", StringComparison.Ordinal));
        Directory.Delete(folder, recursive: true);
    }
}

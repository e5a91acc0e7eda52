using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Edge.Ingest.Fleet;
using Edge.Ingest.Telemetry;
using Edge.TestKit;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Ingest.Tests.Fleet;

public sealed class FleetBrokerTests
{
    private static readonly Dictionary<string, string?> s_authenticated = new() { ["Broker:RequireAuthentication"] = "true" };

    [Fact]
    public async Task Publish_RegisteredDeviceOwnTopic_ReadingsAccepted()
    {
        await using var gateway = await FleetTestGateway.StartAsync(s_authenticated);
        var secret = DeviceRegistryFile.Add(gateway.RegistryPath, "press-01", DateTimeOffset.UtcNow);
        using var client = new MqttClientFactory().CreateMqttClient();

        var connect = await client.ConnectAsync(gateway.ClientOptions("press-01", "press-01", secret).Build());
        var ack = await client.PublishStringAsync("devices/press-01/telemetry", Payloads.Single(1, 70.5), MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal(MqttClientConnectResultCode.Success, connect.ResultCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, ack.ReasonCode);
        var metrics = gateway.Get<TelemetryMetrics>();
        await Eventually.WaitAsync(() => metrics.Readings == 2, TimeSpan.FromSeconds(15), "the two readings are accepted");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.WebPort}") };
        var devices = await http.GetFromJsonAsync<JsonElement>("/api/devices");
        var device = devices.EnumerateArray().Single(item => item.GetProperty("deviceId").GetString() == "press-01");
        Assert.True(device.GetProperty("online").GetBoolean());
        Assert.Equal(1, device.GetProperty("messages").GetInt64());
        Assert.Equal(2, device.GetProperty("readings").GetInt64());
    }

    [Fact]
    public async Task Publish_RegisteredScannerOwnSightingTopics_AcceptedAndOtherScannersRefused()
    {
        await using var gateway = await FleetTestGateway.StartAsync(s_authenticated);
        var secret = DeviceRegistryFile.Add(gateway.RegistryPath, "entrance-scanner", DateTimeOffset.UtcNow);
        using var client = new MqttClientFactory().CreateMqttClient();
        const string Sighting = """{"id":"AA:BB:CC:DD:EE:FF","rssi":-60}""";

        await client.ConnectAsync(gateway.ClientOptions("entrance-scanner", "entrance-scanner", secret).Build());
        var own = await client.PublishStringAsync("home/entrance-scanner/BTtoMQTT/AABBCCDDEEFF", Sighting, MqttQualityOfServiceLevel.AtLeastOnce);
        var espresense = await client.PublishStringAsync("espresense/devices/phone-7/entrance-scanner", Sighting, MqttQualityOfServiceLevel.AtLeastOnce);
        var other = await client.PublishStringAsync("home/till-scanner/BTtoMQTT/AABBCCDDEEFF", Sighting, MqttQualityOfServiceLevel.AtLeastOnce);

        // A scanner is a device like any other: its own OpenMQTTGateway and ESPresense topics, nobody else's.
        Assert.Equal(MqttClientPublishReasonCode.Success, own.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, espresense.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, other.ReasonCode);
    }

    [Fact]
    public async Task Connect_WrongSecret_RefusedWithBadUserNameOrPassword()
    {
        await using var gateway = await FleetTestGateway.StartAsync(s_authenticated);
        DeviceRegistryFile.Add(gateway.RegistryPath, "press-01", DateTimeOffset.UtcNow);
        using var client = new MqttClientFactory().CreateMqttClient();

        var result = await client.ConnectAsync(gateway.ClientOptions("press-01", "press-01", "not-the-secret").Build());

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result.ResultCode);
        await Eventually.WaitAsync(
            () => gateway.Get<DeviceActivity>().Find("press-01")?.Rejections.GetValueOrDefault("Unauthorized") == 1, TimeSpan.FromSeconds(15), "the refusal is counted");
    }

    [Fact]
    public async Task Connect_NoCredentialsWhenRequired_RefusedWithBadUserNameOrPassword()
    {
        await using var gateway = await FleetTestGateway.StartAsync(s_authenticated);
        using var client = new MqttClientFactory().CreateMqttClient();

        var result = await client.ConnectAsync(gateway.ClientOptions("anyone").Build());

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result.ResultCode);
    }

    [Fact]
    public async Task Publish_AnotherDevicesTopic_RefusedWithNotAuthorizedAndCounted()
    {
        await using var gateway = await FleetTestGateway.StartAsync(s_authenticated);
        var secret = DeviceRegistryFile.Add(gateway.RegistryPath, "press-01", DateTimeOffset.UtcNow);
        using var client = new MqttClientFactory().CreateMqttClient();
        var connect = await client.ConnectAsync(gateway.ClientOptions("press-01", "press-01", secret).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, connect.ResultCode);

        var ack = await client.PublishStringAsync("devices/press-02/telemetry", Payloads.Single(1, 70.5, "press-02"), MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, ack.ReasonCode);
        Assert.Equal(0, gateway.Get<TelemetryMetrics>().Readings);
        Assert.Equal(1, gateway.Get<DeviceActivity>().Find("press-01")!.Rejections["Unauthorized"]);
    }

    [Fact]
    public async Task Subscribe_OwnCommandsAndOthers_OnlyOwnGranted()
    {
        await using var gateway = await FleetTestGateway.StartAsync(s_authenticated);
        var secret = DeviceRegistryFile.Add(gateway.RegistryPath, "press-01", DateTimeOffset.UtcNow);
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(gateway.ClientOptions("press-01", "press-01", secret).Build());

        var result = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("devices/press-01/commands", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter("devices/press-02/commands", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter("#")
            .Build());

        var codes = result.Items.Select(item => item.ResultCode).ToList();
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, codes[0]);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, codes[1]);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, codes[2]);
    }

    [Fact]
    public async Task Revoke_ConnectedDevice_DisconnectedAndRefusedWithoutRestart()
    {
        await using var gateway = await FleetTestGateway.StartAsync(s_authenticated);
        var secret = DeviceRegistryFile.Add(gateway.RegistryPath, "press-01", DateTimeOffset.UtcNow);
        using var client = new MqttClientFactory().CreateMqttClient();
        var disconnected = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.DisconnectedAsync += args =>
        {
            disconnected.TrySetResult(args);
            return Task.CompletedTask;
        };
        await client.ConnectAsync(gateway.ClientOptions("press-01", "press-01", secret).Build());
        await Eventually.WaitAsync(() => gateway.Get<DeviceActivity>().Find("press-01") is { Online: true }, TimeSpan.FromSeconds(15), "the device is online");

        Assert.True(DeviceRegistryFile.Revoke(gateway.RegistryPath, "press-01", DateTimeOffset.UtcNow));

        var args = await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(MqttClientDisconnectReason.NotAuthorized, args.Reason);
        using var again = new MqttClientFactory().CreateMqttClient();
        var result = await again.ConnectAsync(gateway.ClientOptions("press-01", "press-01", secret).Build());
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result.ResultCode);
    }

    [Fact]
    public async Task Publish_SameSequenceTwice_CountedOnceAndDuplicateAcknowledged()
    {
        await using var gateway = await FleetTestGateway.StartAsync();
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(gateway.ClientOptions("press-01").Build());

        var first = await client.PublishStringAsync("devices/press-01/telemetry", Payloads.Single(5, 70), MqttQualityOfServiceLevel.AtLeastOnce);
        var again = await client.PublishStringAsync("devices/press-01/telemetry", Payloads.Single(5, 70), MqttQualityOfServiceLevel.AtLeastOnce);
        var older = await client.PublishStringAsync("devices/press-01/telemetry", Payloads.Single(4, 69), MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal(MqttClientPublishReasonCode.Success, first.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, again.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, older.ReasonCode);
        var metrics = gateway.Get<TelemetryMetrics>();
        Assert.Equal(2, metrics.Messages);
        Assert.Equal(4, metrics.Readings);
        Assert.Equal(1, metrics.Rejections[RejectionReason.Duplicate]);
    }

    [Fact]
    public async Task Publish_BatchWithOneRepeatedSample_OnlyNewSamplesCounted()
    {
        await using var gateway = await FleetTestGateway.StartAsync();
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(gateway.ClientOptions("line-a").Build());
        const string First = """{"samples":[{"sequence":1,"readings":{"t":1}},{"sequence":2,"readings":{"t":2}}]}""";
        const string Overlapping = """{"samples":[{"sequence":2,"readings":{"t":2}},{"sequence":3,"readings":{"t":3}}]}""";

        await client.PublishStringAsync("devices/line-a/telemetry", First, MqttQualityOfServiceLevel.AtLeastOnce);
        await client.PublishStringAsync("devices/line-a/telemetry", Overlapping, MqttQualityOfServiceLevel.AtLeastOnce);

        var metrics = gateway.Get<TelemetryMetrics>();
        Assert.Equal(3, metrics.Readings);
        Assert.Equal(1, gateway.Get<DeviceActivity>().Find("line-a")!.Duplicates);
    }

    [Fact]
    public async Task Publish_OverRateLimit_ThrottledAndCountedOtherClientUnaffected()
    {
        await using var gateway = await FleetTestGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Fleet:MessagesPerSecond"] = "1",
            ["Fleet:Burst"] = "3",
            ["Fleet:DisconnectAfterRateLimited"] = "1000",
        });
        using var noisy = new MqttClientFactory().CreateMqttClient();
        using var quiet = new MqttClientFactory().CreateMqttClient();
        await noisy.ConnectAsync(gateway.ClientOptions("press-01").Build());
        await quiet.ConnectAsync(gateway.ClientOptions("press-02").Build());

        var codes = new List<MqttClientPublishReasonCode>();
        for (var i = 0; i < 10; i++)
        {
            var ack = await noisy.PublishStringAsync("devices/press-01/telemetry", Payloads.Single(100 + i, 1), MqttQualityOfServiceLevel.AtLeastOnce);
            codes.Add(ack.ReasonCode);
        }

        var quietAck = await quiet.PublishStringAsync("devices/press-02/telemetry", Payloads.Single(1, 1, "press-02"), MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Contains(MqttClientPublishReasonCode.QuotaExceeded, codes);
        Assert.Equal(MqttClientPublishReasonCode.Success, quietAck.ReasonCode);
        var refused = codes.Count(code => code == MqttClientPublishReasonCode.QuotaExceeded);
        Assert.Equal(refused, gateway.Get<DeviceActivity>().Find("press-01")!.Rejections["RateLimited"]);
        Assert.Equal(1, gateway.Get<DeviceActivity>().Find("press-02")!.Messages);
    }

    [Fact]
    public async Task Publish_ScannerAboveMachineRate_HeldToScannerRateInstead()
    {
        await using var gateway = await FleetTestGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Broker:RequireAuthentication"] = "true",
            ["Fleet:MessagesPerSecond"] = "1",
            ["Fleet:Burst"] = "3",
            ["Fleet:ScannerMessagesPerSecond"] = "1",
            ["Fleet:ScannerBurst"] = "12",
            ["Fleet:DisconnectAfterRateLimited"] = "1000",
            ["Footfall:Scanners:entrance-scanner"] = "entrance",
        });
        var scannerSecret = DeviceRegistryFile.Add(gateway.RegistryPath, "entrance-scanner", DateTimeOffset.UtcNow);
        var machineSecret = DeviceRegistryFile.Add(gateway.RegistryPath, "press-01", DateTimeOffset.UtcNow);
        using var scanner = new MqttClientFactory().CreateMqttClient();
        using var machine = new MqttClientFactory().CreateMqttClient();
        await scanner.ConnectAsync(gateway.ClientOptions("entrance-scanner", "entrance-scanner", scannerSecret).Build());
        await machine.ConnectAsync(gateway.ClientOptions("press-01", "press-01", machineSecret).Build());

        var scannerCodes = new List<MqttClientPublishReasonCode>();
        var machineCodes = new List<MqttClientPublishReasonCode>();
        for (var i = 0; i < 10; i++)
        {
            scannerCodes.Add((await scanner.PublishStringAsync("home/entrance-scanner/BTtoMQTT/AABBCCDDEEFF", """{"id":"AA:BB:CC:DD:EE:FF","rssi":-60}""", MqttQualityOfServiceLevel.AtLeastOnce)).ReasonCode);
            machineCodes.Add((await machine.PublishStringAsync("devices/press-01/telemetry", Payloads.Single(100 + i, 1), MqttQualityOfServiceLevel.AtLeastOnce)).ReasonCode);
        }

        // One advertisement is one message: a scanner is held to Fleet:ScannerBurst (12 here), a machine to Fleet:Burst (3).
        Assert.All(scannerCodes, code => Assert.Equal(MqttClientPublishReasonCode.Success, code));
        Assert.Contains(MqttClientPublishReasonCode.QuotaExceeded, machineCodes);
        for (var i = 0; i < 4; i++)
        {
            scannerCodes.Add((await scanner.PublishStringAsync("home/entrance-scanner/BTtoMQTT/AABBCCDDEEFF", """{"id":"AA:BB:CC:DD:EE:FF","rssi":-60}""", MqttQualityOfServiceLevel.AtLeastOnce)).ReasonCode);
        }

        Assert.Contains(MqttClientPublishReasonCode.QuotaExceeded, scannerCodes);
    }

    [Fact]
    public async Task Publish_OverRateLimitForLong_Disconnected()
    {
        await using var gateway = await FleetTestGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Fleet:MessagesPerSecond"] = "1",
            ["Fleet:Burst"] = "1",
            ["Fleet:DisconnectAfterRateLimited"] = "3",
        });
        using var noisy = new MqttClientFactory().CreateMqttClient();
        var disconnected = new TaskCompletionSource<MqttClientDisconnectReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        noisy.DisconnectedAsync += args =>
        {
            disconnected.TrySetResult(args.Reason);
            return Task.CompletedTask;
        };
        await noisy.ConnectAsync(gateway.ClientOptions("press-01").Build());

        try
        {
            for (var i = 0; i < 50 && noisy.IsConnected; i++)
            {
                await noisy.PublishStringAsync("devices/press-01/telemetry", Payloads.Single(i, 1), MqttQualityOfServiceLevel.AtMostOnce);
            }
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
            // The broker hung up mid-loop: that is the behaviour under test.
        }

        Assert.Equal(MqttClientDisconnectReason.QuotaExceeded, await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(15)));
        var activity = gateway.Get<DeviceActivity>();
        await Eventually.WaitAsync(() => activity.Find("press-01") is { Online: false }, TimeSpan.FromSeconds(15), "the noisy device is offline");
        Assert.True(activity.Find("press-01")!.Rejections["RateLimited"] >= 3);
    }

    [Fact]
    public async Task Publish_TooLargePayload_RefusedCountedAndDeadLettered()
    {
        await using var gateway = await FleetTestGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Fleet:MaxPayloadBytes"] = "1024",
            ["Fleet:DeadLetterTopic"] = "edge/dead-letter",
        });
        using var operatorClient = new MqttClientFactory().CreateMqttClient();
        var deadLetter = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        operatorClient.ApplicationMessageReceivedAsync += args =>
        {
            deadLetter.TrySetResult(args.ApplicationMessage);
            return Task.CompletedTask;
        };
        await operatorClient.ConnectAsync(gateway.ClientOptions("operator").Build());
        await operatorClient.SubscribeAsync("edge/dead-letter", MqttQualityOfServiceLevel.AtLeastOnce);
        using var device = new MqttClientFactory().CreateMqttClient();
        await device.ConnectAsync(gateway.ClientOptions("press-01").Build());

        var ack = await device.PublishBinaryAsync("devices/press-01/telemetry", new byte[2048], MqttQualityOfServiceLevel.AtLeastOnce);
        var garbage = await device.PublishStringAsync("devices/press-01/telemetry", "{not json", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal(MqttClientPublishReasonCode.QuotaExceeded, ack.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, garbage.ReasonCode);
        var letter = await deadLetter.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(2048, letter.Payload.Length);
        Assert.Contains(letter.UserProperties, property => property.Name == "reason" && Encoding.UTF8.GetString(property.ValueBuffer.Span) == "TooLarge");
        var rejections = gateway.Get<DeviceActivity>().Find("press-01")!.Rejections;
        Assert.Equal(1, rejections["TooLarge"]);
        Assert.Equal(1, rejections["Malformed"]);
    }

    [Fact]
    public async Task Disconnect_Unclean_DeviceOfflineWithLastWillCause()
    {
        await using var gateway = await FleetTestGateway.StartAsync();
        using var device = new MqttClientFactory().CreateMqttClient();
        await device.ConnectAsync(gateway.ClientOptions("press-01")
            .WithWillTopic("devices/press-01/status")
            .WithWillPayload(Encoding.UTF8.GetBytes("offline"))
            .Build());
        var activity = gateway.Get<DeviceActivity>();
        await Eventually.WaitAsync(() => activity.Find("press-01") is { Online: true }, TimeSpan.FromSeconds(15), "the device is online");

        // Dropping the socket without DISCONNECT is what a device losing power looks like.
        device.Dispose();

        await Eventually.WaitAsync(() => activity.Find("press-01") is { Online: false }, TimeSpan.FromSeconds(15), "the device is offline");
        Assert.Equal("connection lost (last will)", activity.Find("press-01")!.OfflineCause);
    }
}

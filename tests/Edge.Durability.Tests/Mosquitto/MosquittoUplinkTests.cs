using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using Edge.Contracts;
using Edge.Durability.Tests.Kit;
using Edge.Gateway.Hosting;
using Edge.Kernel;
using Edge.StoreForward.Outbox;
using Edge.StoreForward.Uplink;
using Edge.TestKit;
using MQTTnet;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Durability.Tests.Mosquitto;

[Trait("Needs", "mosquitto")]
public sealed class MosquittoUplinkTests
{
    [NeedsFact("mosquitto", "mosquitto_passwd")]
    public async Task Drain_ToMosquittoOverTlsWithPassword_DeliversEveryRecord()
    {
        using var broker = await MosquittoBroker.StartAsync();
        var received = new ConcurrentDictionary<long, bool>();
        using var subscriber = await SubscribeAsync(broker, received);
        using var outbox = new SqliteOutbox(Path.Combine(broker.Directory, "outbox.db"), new OutboxOptions(), TimeProvider.System, NullLogger.Instance);
        var start = DateTimeOffset.UtcNow;
        var committed = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            committed.AddRange(outbox.Store.Append([.. Enumerable.Range(0, 10).Select(m => (UplinkMessage)Messages.Summary("m" + m, start.AddMinutes(i), i))]));
        }

        using var uplink = Create(outbox, broker, broker.CaPath, MosquittoBroker.Password);
        await uplink.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => outbox.Monitor.Backlog == 0 && received.Count >= committed.Count, TimeSpan.FromSeconds(60), "delivery through mosquitto");
        await uplink.StopAsync(CancellationToken.None);

        Assert.Equal(committed.Order(), received.Keys.Order());
    }

    [NeedsFact("mosquitto", "mosquitto_passwd")]
    public async Task Connect_BrokerCertificateFromAnotherCa_RefusesTheBroker()
    {
        using var broker = await MosquittoBroker.StartAsync();
        using var outbox = new SqliteOutbox(Path.Combine(broker.Directory, "outbox.db"), new OutboxOptions(), TimeProvider.System, NullLogger.Instance);
        outbox.Store.Append([Messages.Alert(1, DateTimeOffset.UtcNow)]);

        using var uplink = Create(outbox, broker, MosquittoBroker.WriteForeignCa(broker.Directory), MosquittoBroker.Password);
        await uplink.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => uplink.Failures >= 2, TimeSpan.FromSeconds(30), "failed attempts");
        await uplink.StopAsync(CancellationToken.None);

        Assert.Equal(0, uplink.Connections);
        Assert.Equal(1, outbox.Monitor.Backlog);
    }

    [NeedsFact("mosquitto", "mosquitto_passwd")]
    public async Task Connect_WrongPassword_IsRefusedAndKeepsTheRecord()
    {
        using var broker = await MosquittoBroker.StartAsync();
        using var outbox = new SqliteOutbox(Path.Combine(broker.Directory, "outbox.db"), new OutboxOptions(), TimeProvider.System, NullLogger.Instance);
        outbox.Store.Append([Messages.Alert(1, DateTimeOffset.UtcNow)]);

        using var uplink = Create(outbox, broker, broker.CaPath, "not-the-password");
        await uplink.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => uplink.Failures >= 2, TimeSpan.FromSeconds(30), "failed attempts");
        await uplink.StopAsync(CancellationToken.None);

        Assert.Equal(0, uplink.Connections);
        Assert.Equal(1, outbox.Monitor.Backlog);
    }

    private static UplinkService Create(SqliteOutbox outbox, MosquittoBroker broker, string caPath, string password)
    {
        var options = new UplinkOptions
        {
            Host = "localhost",
            Port = broker.Port,
            UseTls = true,
            CaCertificatePath = caPath,
            Username = MosquittoBroker.Username,
            Password = password,
            ReconnectBase = TimeSpan.FromMilliseconds(50),
            ReconnectCap = TimeSpan.FromMilliseconds(200),
        };
        return new UplinkService(outbox.Leases, Options.Create(options), Options.Create(new GatewayOptions { Id = "mosq-gw" }), TimeProvider.System, NullLogger<UplinkService>.Instance);
    }

    private static async Task<IMqttClient> SubscribeAsync(MosquittoBroker broker, ConcurrentDictionary<long, bool> received)
    {
        var authority = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(broker.CaPath);
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += args =>
        {
            var payload = args.ApplicationMessage.Payload.ToArray();
            if (UplinkTopics.IsBatch(args.ApplicationMessage.Topic))
            {
                // The uplink packs several records per publish (Uplink:RecordsPerPublish).
                foreach (var record in JsonSerializer.Deserialize(payload, ContractsJsonContext.Default.UplinkBatch)!.Records)
                {
                    received[record.Sequence] = true;
                }
            }
            else
            {
                received[JsonSerializer.Deserialize(payload, ContractsJsonContext.Default.UplinkEnvelope)!.Sequence] = true;
            }

            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("localhost", broker.Port)
            .WithCredentials(MosquittoBroker.Username, MosquittoBroker.Password)
            .WithClientId("cloud-subscriber")
            .WithTlsOptions(tls => tls.UseTls().WithTargetHost("localhost")
                .WithCertificateValidationHandler(args => UplinkTls.Verify(args.Certificate, args.SslPolicyErrors, authority)))
            .Build();
        await client.ConnectAsync(options);
        await client.SubscribeAsync("edge/#", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);
        return client;
    }
}

using Edge.Contracts;
using Edge.Gateway.Hosting;
using Edge.Kernel;
using Edge.Privacy;
using Edge.StoreForward.Outbox;
using Edge.TestKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Privacy.Tests;

/// <summary>The outbox writer the gateway gives every producer admits only what the egress guard passes.</summary>
public sealed class OutboxEgressTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-egress-").FullName;
    private Microsoft.AspNetCore.Builder.WebApplication _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = GatewayHost.Build([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:DataDirectory"] = _directory,
            ["Gateway:LocalWebUrl"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Broker:Port"] = FreePort.Next().ToString(),
            ["Uplink:Port"] = FreePort.Next().ToString(),
        }));
        return Task.CompletedTask;
    }

    [Fact]
    public void Append_AlertWhoseReasonCarriesAMacAddress_IsRefusedCountedAndTheRestOfTheBatchIsStored()
    {
        var writer = _gateway.Services.GetRequiredService<IOutboxWriter>();
        var outbox = _gateway.Services.GetRequiredService<SqliteOutbox>();
        var counters = _gateway.Services.GetRequiredService<PrivacyCounters>();
        var now = DateTimeOffset.UtcNow;
        FailureAlert Alert(string reason) => new()
        {
            AlertId = "press-01-anomaly-1", MachineId = "press-01", AlertKind = AlertKinds.Anomaly, Severity = "warning",
            State = "open", Reason = reason, FirstSeen = now, LastUpdated = now,
        };

        var sequences = writer.Append([Alert("vibration rising"), Alert("seen near phone 4a:10:20:30:40:50")]);

        Assert.True(sequences[0] > 0, $"sequences {string.Join(",", sequences)}, rejected {counters.Get(PrivacyCounter.EgressRejected)}");
        Assert.Equal(-1, sequences[1]);
        Assert.Equal(1, outbox.Monitor.Backlog);
        Assert.Equal(1, counters.Get(PrivacyCounter.EgressRejected));
        var stored = System.Text.Encoding.UTF8.GetString(outbox.Leases.Peek(10).Single().Payload.Span);
        Assert.DoesNotContain("4a:10", stored, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Append_HealthWithFractionalUptime_IsAdmitted()
    {
        var writer = _gateway.Services.GetRequiredService<IOutboxWriter>();

        var sequences = writer.Append([new GatewayHealth { Version = "1.0.0", Uptime = TimeSpan.FromTicks(1_234_567_891_234) }]);

        Assert.True(sequences[0] > 0);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

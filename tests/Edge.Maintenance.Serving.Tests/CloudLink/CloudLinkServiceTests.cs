using System.Security.Cryptography;
using Edge.Maintenance.History;
using Edge.Maintenance.Serving.CloudLink;
using Edge.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Maintenance.Serving.Tests.CloudLink;

/// <summary>The cloud link against a real Kestrel serving the contract's gateway endpoints, over a real HttpClient.</summary>
public sealed class CloudLinkServiceTests : IAsyncLifetime
{
    private FakeCloud _cloud = null!;
    private ServingHarness _harness = null!;
    private readonly List<HttpClient> _clients = [];

    public async Task InitializeAsync()
    {
        _cloud = await FakeCloud.StartAsync();
        _harness = await ServingHarness.StartAsync(new MaintenanceOptions { RaiseAfterWindows = 1, Cooldown = TimeSpan.Zero });
    }

    [Fact]
    public async Task Poll_ShadowThenPromoteThenRollback_FollowsTheAssignment()
    {
        var v1 = _cloud.Upload(Version("v1"), File.ReadAllBytes(SyntheticHistory.Model("v1")), stage: CloudModelStages.Serving);
        var v2 = _cloud.Upload(Version("v2"), File.ReadAllBytes(SyntheticHistory.Model("v2", seed: 7)), stage: CloudModelStages.Shadow);
        _cloud.Assign(v1, v2);
        var link = Link();

        Assert.True(await link.PollAsync(CancellationToken.None));
        Assert.Equal(v1.Version, _harness.Registry.Assigned[("default", CloudModelStages.Serving)].Model.Version);
        Assert.Equal(v2.Version, _harness.Registry.Assigned[("default", CloudModelStages.Shadow)].Model.Version);
        for (var hour = 0; hour < 220; hour++)
        {
            await HistoryServingTests.Feed(_harness, "m1", hour, SyntheticHistory.Row(1, hour, 230 - hour));
        }

        var kind = Assert.Single(_harness.Observer.History().Kinds);
        Assert.Equal((v1.Version, v2.Version), (kind.ServingVersion, kind.ShadowVersion));
        Assert.Equal(220, kind.Comparison!.Predictions);
        Assert.InRange(kind.Comparison.Agreement!.Value, 0.5, 1.0);
        Assert.Contains(_harness.Observer.Predictions, p => p.Stage == CloudModelStages.Shadow && p.ModelVersion == v2.Version);
        // The shadow never alerts: every alert comes from the serving model.
        Assert.NotEmpty(_harness.Policy.OpenAlerts());
        Assert.All(_harness.Policy.OpenAlerts(), open => Assert.Equal(v1.Version, open.Alert.ModelVersion));

        _cloud.Assign(v2 with { Stage = CloudModelStages.Serving });
        var downloads = _cloud.Downloads;
        Assert.True(await link.PollAsync(CancellationToken.None));
        Assert.Equal(v2.Version, _harness.Registry.Assigned[("default", CloudModelStages.Serving)].Model.Version);
        Assert.False(_harness.Registry.Assigned.ContainsKey(("default", CloudModelStages.Shadow)));
        Assert.Equal(downloads, _cloud.Downloads);

        _cloud.Assign(v1);
        Assert.True(await link.PollAsync(CancellationToken.None));
        Assert.Equal(v1.Version, _harness.Observer.History().Kinds.Single().ServingVersion);
        Assert.Equal(0, link.Status.RefusedModels);
    }

    [Fact]
    public async Task Poll_TamperedUnsignedOrWrongKey_RefusedCountedOldModelKeepsServing()
    {
        var v1 = _cloud.Upload(Version("v1"), File.ReadAllBytes(SyntheticHistory.Model("v1")), stage: CloudModelStages.Serving);
        _cloud.Assign(v1);
        var link = Link();
        Assert.True(await link.PollAsync(CancellationToken.None));

        var good = File.ReadAllBytes(SyntheticHistory.Model("v2", seed: 7));
        var bad = good.ToArray();
        bad[bad.Length / 2] ^= 0x5A;
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        foreach (var refused in new Func<CloudModelAssignment>[]
        {
            () => Tampered(good, bad, claimed: null),
            () => Tampered(good, bad, claimed: Convert.ToHexStringLower(SHA256.HashData(bad))),
            () => _cloud.Upload(Version("v2"), good, stage: CloudModelStages.Serving, signed: false),
            () => _cloud.Upload(Version("v2"), good, stage: CloudModelStages.Serving, signer: otherKey),
        })
        {
            _cloud.Assign(refused());
            Assert.True(await link.PollAsync(CancellationToken.None));
            Assert.Equal(v1.Version, _harness.Registry.Assigned[("default", CloudModelStages.Serving)].Model.Version);
        }

        Assert.Equal(4, link.Status.RefusedModels);
        var downloads = _cloud.Downloads;
        Assert.True(await link.PollAsync(CancellationToken.None));
        Assert.Equal(downloads, _cloud.Downloads);
        Assert.Equal(4, link.Status.RefusedModels);
        Assert.Contains(_harness.Registry.Rejected.Values, r => r.Reason == "bad signature");
    }

    [Fact]
    public async Task Poll_ModelNeedsSensorTheMachinesLack_RefusedNamingIt()
    {
        await _harness.Observer.OnWindowClosedAsync(
            ServingHarness.Window("m1", SyntheticHistory.Start, TimeSpan.FromHours(1), [1, 60]) with { Sensors = [new() { Sensor = "vibration", Count = 1, Mean = 1, Min = 1, Max = 1, StandardDeviation = 0 }] },
            CancellationToken.None);
        _cloud.Assign(_cloud.Upload(Version("v1"), File.ReadAllBytes(SyntheticHistory.Model("v1")), stage: CloudModelStages.Serving));
        var link = Link();

        Assert.True(await link.PollAsync(CancellationToken.None));

        Assert.Empty(_harness.Registry.Assigned);
        Assert.Equal(1, link.Status.RefusedModels);
        Assert.Contains(_harness.Registry.Rejected.Values, r => r.Reason.Contains("temperature", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Poll_Events_StoredOnceAndCursorKept()
    {
        _cloud.AddEvent(new CloudMachineEvent { Id = 3, Timestamp = SyntheticHistory.Start, Machine = "m1", Kind = MachineEventKinds.Maintenance, Detail = "bearing" });
        _cloud.AddEvent(new CloudMachineEvent { Id = 9, Timestamp = SyntheticHistory.Start.AddHours(1), Machine = "m2", Kind = MachineEventKinds.Failure, Detail = "seal" });
        var link = Link();

        Assert.True(await link.PollAsync(CancellationToken.None));
        Assert.True(await link.PollAsync(CancellationToken.None));

        Assert.Equal(2, _harness.Database.Events(null, 10).Count);
        Assert.Equal(9, link.Status.EventCursor);
        Assert.Equal(2, link.Status.EventsReceived);
    }

    [Fact]
    public async Task Start_CloudUnreachable_ServesTheLastAssignmentFromDisk()
    {
        var v1 = _cloud.Upload(Version("v1"), File.ReadAllBytes(SyntheticHistory.Model("v1")), stage: CloudModelStages.Serving);
        _cloud.Assign(v1);
        Assert.True(await Link().PollAsync(CancellationToken.None));

        await using var restarted = await _harness.RestartAsync();
        var offline = Link(restarted, baseUrl: $"http://127.0.0.1:{FreePort.Next()}/");
        await offline.StartAsync(CancellationToken.None);
        Assert.False(await offline.PollAsync(CancellationToken.None));
        await offline.StopAsync(CancellationToken.None);

        Assert.Equal(v1.Version, restarted.Registry.Assigned[("default", CloudModelStages.Serving)].Model.Version);
        Assert.NotNull(offline.Status.LastError);
    }

    [Fact]
    public async Task Poll_WrongToken_FailsAndSaysWhy()
    {
        var link = Link(token: "not-the-token");
        Assert.False(await link.PollAsync(CancellationToken.None));
        Assert.Equal(1, link.Status.Failures);
        Assert.Contains("401", link.Status.LastError, StringComparison.Ordinal);
        Assert.True(_cloud.Unauthorized > 0);
    }

    public async Task DisposeAsync()
    {
        _clients.ForEach(client => client.Dispose());
        await _harness.DisposeAsync();
        await _cloud.DisposeAsync();
    }

    /// <summary>Signed for <paramref name="good"/>, serves <paramref name="bad"/>; claims the good hash unless told otherwise.</summary>
    private CloudModelAssignment Tampered(byte[] good, byte[] bad, string? claimed)
    {
        var assignment = _cloud.Upload(Version("v2"), good, stage: CloudModelStages.Serving);
        _cloud.Tamper(assignment.Version, bad);
        return claimed is null ? assignment : assignment with { Sha256 = claimed };
    }

    private static string Version(string label) => HistoryModel.Load(SyntheticHistory.Model(label, seed: label == "v1" ? 42 : 7)).Version;

    private CloudLinkService Link(ServingHarness? harness = null, string? baseUrl = null, string token = FakeCloud.Token)
    {
        harness ??= _harness;
        var options = Options.Create(new CloudLinkOptions { BaseUrl = baseUrl ?? _cloud.BaseUrl, Token = token, ModelPublicKey = _cloud.PublicKeyPem });
        var http = new HttpClient();
        _clients.Add(http);
        var fetcher = new CloudModelFetcher(
            new CloudLinkClient(http, options),
            new CloudModelFiles(options, harness.Gateway),
            harness.Registry,
            harness.Observer,
            NullLogger<CloudModelFetcher>.Instance);
        return new CloudLinkService(fetcher, harness.State, options, harness.Time, NullLogger<CloudLinkService>.Instance);
    }
}

using Edge.Cloud.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Edge.Cloud.Tests.Infrastructure;

/// <summary>Builds a cloud host on free ports with a temp data folder; disposes both.</summary>
internal sealed class CloudApp : IAsyncDisposable
{
    private readonly string _folder;

    private CloudApp(WebApplication app, string folder, string url)
    {
        App = app;
        _folder = folder;
        Url = url;
    }

    public WebApplication App { get; }

    public string Url { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<CloudApp> StartAsync(IDictionary<string, string?>? settings = null, string? dataFolder = null)
    {
        var folder = dataFolder ?? Path.Combine(Path.GetTempPath(), $"edge-cloud-{Guid.NewGuid():N}");
        var url = $"http://127.0.0.1:{Edge.TestKit.FreePort.Next()}";
        var all = new Dictionary<string, string?>
        {
            ["Cloud:DataDirectory"] = folder,
            ["Cloud:WebUrl"] = url,
            ["Cloud:BrokerPort"] = Edge.TestKit.FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests of other capabilities publish as any gateway without an account; tests of the broker's identity
            // (CloudBrokerIdentityTests) set it back to the production default, true.
            ["Cloud:RequireGatewayLogin"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = CloudHost.Build([], configuration => configuration.AddInMemoryCollection(all));
        await app.StartAsync();
        return new CloudApp(app, folder, url);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Another host of the same test may still hold the shared folder; it deletes it.
        }
    }
}

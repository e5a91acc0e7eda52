using Edge.Cloud.Hosting;
using Edge.Cloud.Ingest;
using Edge.Kernel;
using Edge.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Durability.Tests.Kit;

/// <summary>The real cloud service in process, on free ports, with its SQLite store in a folder that outlives restarts.</summary>
internal sealed class CloudUnderTest : IAsyncDisposable
{
    private WebApplication? _app;

    public CloudUnderTest(string dataDirectory, int? brokerPort = null)
    {
        DataDirectory = dataDirectory;
        BrokerPort = brokerPort ?? FreePort.Next();
    }

    public string DataDirectory { get; }

    public int BrokerPort { get; }

    public IngestMetrics Metrics => _app!.Services.GetRequiredService<IngestMetrics>();

    public async Task StartAsync()
    {
        _app = CloudHost.Build([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cloud:DataDirectory"] = DataDirectory,
            ["Cloud:RequireGatewayLogin"] = "false",
            ["Cloud:WebUrl"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Cloud:BrokerPort"] = BrokerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>Every (sequence) the cloud stored for <paramref name="gatewayId"/>, read straight from its file.</summary>
    public List<long> StoredSequences(string gatewayId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "cloud.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT sequence FROM records WHERE gateway_id = $gateway ORDER BY sequence;";
        select.Parameters.AddWithValue("$gateway", gatewayId);
        using var reader = select.ExecuteReader();
        var sequences = new List<long>();
        while (reader.Read())
        {
            sequences.Add(reader.GetInt64(0));
        }

        return sequences;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

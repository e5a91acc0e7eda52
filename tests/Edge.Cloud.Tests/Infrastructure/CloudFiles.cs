using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Tests.Infrastructure;

/// <summary>A running cloud's broker port and SQLite file, read and tampered with directly by ingest tests.</summary>
internal static class CloudFiles
{
    public static int BrokerPort(CloudApp cloud) => Options(cloud).BrokerPort;

    public static string Database(CloudApp cloud) => Path.Combine(Options(cloud).DataDirectory, "cloud.db");

    public static bool IsStored(string database, string gatewayId, long sequence)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT COUNT(*) FROM records WHERE gateway_id = $gateway AND sequence = $sequence;";
        select.Parameters.AddWithValue("$gateway", gatewayId);
        select.Parameters.AddWithValue("$sequence", sequence);
        return (long)select.ExecuteScalar()! == 1;
    }

    public static void Execute(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static Edge.Cloud.Kernel.CloudOptions Options(CloudApp cloud) =>
        cloud.Services.GetRequiredService<IOptions<Edge.Cloud.Kernel.CloudOptions>>().Value;
}

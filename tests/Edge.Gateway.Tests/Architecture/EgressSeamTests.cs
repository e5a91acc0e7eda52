using System.Reflection;
using Edge.Gateway.Hosting;
using Edge.Privacy;
using Edge.StoreForward.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.Architecture;

/// <summary>
/// Every outbound record passes the egress guard exactly once: producers are given <see cref="IOutboxWriter"/>, the host
/// registers the guard as that writer around the outbox, and nothing outside store and forward takes the outbox itself.
/// </summary>
public sealed class EgressSeamTests
{
    private static readonly string[] s_productAssemblies =
        ["Edge.Kernel", "Edge.StoreForward", "Edge.Ingest", "Edge.Privacy", "Edge.Beacons", "Edge.Maintenance.Serving", "Edge.Sensing", "Edge.Gateway"];

    private static IEnumerable<Type> ProductTypes() =>
        s_productAssemblies.Select(Assembly.Load).SelectMany(assembly => assembly.GetTypes());

    [Fact]
    public void Writers_OutsideStoreForward_OnlyTheEgressGuard()
    {
        var writers = ProductTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IOutboxWriter).IsAssignableFrom(type))
            .Where(type => type.Assembly != typeof(IOutboxWriter).Assembly)
            .ToList();

        Assert.Equal([typeof(EgressGuard)], writers);
    }

    [Fact]
    public void Constructors_OutsideStoreForward_NeverTakeTheOutboxOrAConcreteWriter()
    {
        // Taking the outbox's owner (which holds the unguarded store), the store or the guard by its class would be a path
        // around the seam, or through the guard twice. The uplink and the status pages take the narrow parts instead.
        var offenders = ProductTypes()
            .Where(type => type.Assembly != typeof(IOutboxWriter).Assembly)
            .SelectMany(type => type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .SelectMany(constructor => constructor.GetParameters())
                .Where(parameter => parameter.ParameterType == typeof(SqliteOutbox)
                    || (parameter.ParameterType != typeof(IOutboxWriter) && typeof(IOutboxWriter).IsAssignableFrom(parameter.ParameterType)))
                .Select(parameter => $"{type.FullName}({parameter.ParameterType.Name} {parameter.Name})"))
            .ToList();

        Assert.True(offenders.Count == 0, $"Constructors that take an outbox writer by its class: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void GatewayHost_OutboxWriter_IsTheEgressGuard()
    {
        var folder = Directory.CreateTempSubdirectory("edge-seam-").FullName;
        try
        {
            using var app = GatewayHost.Build([$"--Gateway:DataDirectory={folder}", "--Privacy:Zones:0=entrance"]);

            var writer = app.Services.GetRequiredService<IOutboxWriter>();

            Assert.IsType<EgressGuard>(writer);
            Assert.Same(writer, app.Services.GetRequiredService<IOutboxWriter>());
            Assert.Null(app.Services.GetService<OutboxStore>());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}

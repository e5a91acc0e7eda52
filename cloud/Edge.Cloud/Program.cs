using Edge.Cloud.Hosting;

if (args is ["admin", ..])
{
    return await AdminCommand.RunAsync(args, Console.Out, CancellationToken.None);
}

// In production a login is required unless configuration says otherwise (Cloud:RequireLogin=false).
var app = CloudHost.Build(args, configuration => configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
{
    InitialData = new Dictionary<string, string?> { ["Cloud:RequireLogin"] = "true" },
}));
await app.RunAsync();
return 0;

using Edge.Kernel;

namespace Edge.Demo;

/// <summary>Everything the demo needs; every value has a default so the demo runs with no configuration.</summary>
public sealed record DemoOptions
{
    public string DataDirectory { get; init; } = "demo-data";

    public int Machines { get; init; } = 10;

    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

    public string CloudUrl { get; init; } = "http://127.0.0.1:8080";

    public int CloudBrokerPort { get; init; } = 1884;

    public int GatewayBrokerPort { get; init; } = 1883;

    public string GatewayUrl { get; init; } = "http://127.0.0.1:8081";

    public string GatewayId { get; init; } = "demo-site";

    /// <summary>How much faster than real time simulated shoppers move.</summary>
    public double StoreSpeed { get; init; } = 10;
}

using System.Reflection;

namespace Edge.Gateway.Health;

/// <summary>The gateway's version as shown on the local web and sent in its health reports.</summary>
internal static class GatewayVersion
{
    public static string Current { get; } =
        typeof(GatewayVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}

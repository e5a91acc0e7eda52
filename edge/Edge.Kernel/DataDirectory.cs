using Microsoft.Extensions.Options;

namespace Edge.Kernel;

/// <summary>Where every capability keeps its state: the gateway's data folder, resolved once the same way for all.</summary>
public static class DataDirectory
{
    /// <summary>Absolute data folder from the options, created if missing. Relative paths resolve against the current directory.</summary>
    public static string Resolve(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.GetFullPath(options.Value.DataDirectory, Directory.GetCurrentDirectory());
        Directory.CreateDirectory(path);
        return path;
    }
}

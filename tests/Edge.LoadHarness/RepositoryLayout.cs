using System.Reflection;

namespace Edge.LoadHarness;

/// <summary>Where the repository's built programs are, found from the harness's own build (same configuration).</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string GatewayDll => Built(Path.Combine("edge", "Edge.Gateway"), "Edge.Gateway.dll");

    public static string CloudDll => Built(Path.Combine("cloud", "Edge.Cloud"), "Edge.Cloud.dll");

    private static string Built(string project, string dll)
    {
        var configuration = typeof(RepositoryLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var path = Path.Combine(Root, project, "bin", configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first ({configuration}).", path);
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Edge.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Edge.sln above {AppContext.BaseDirectory}.");
    }
}

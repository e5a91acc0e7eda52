namespace Edge.Durability.Tests.Kit;

/// <summary>Where the built gateway and child live, resolved from the repository root (the folder holding Edge.sln).</summary>
internal static class Paths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Debug or Release, whichever this test assembly was built as.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string GatewayDll => Built("edge/Edge.Gateway", "Edge.Gateway.dll");

    public static string ChildDll => Built("tests/Edge.Durability.Child", "Edge.Durability.Child.dll");

    public static string NewTempDirectory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "edge-durability", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string Built(string project, string file)
    {
        var path = Path.Combine(RepositoryRoot, project, "bin", Configuration, "net10.0", file);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Build {project} first (dotnet build); expected {path}.", path);
        }

        return path;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Edge.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Edge.sln not found above " + AppContext.BaseDirectory);
    }
}

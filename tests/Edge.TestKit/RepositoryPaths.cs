namespace Edge.TestKit;

/// <summary>Locates the repository root (the folder holding Edge.sln) and the shared data beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared/data</c> relative to the repository root.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Edge.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Edge.sln above {AppContext.BaseDirectory}.");
    }
}

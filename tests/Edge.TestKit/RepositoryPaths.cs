namespace Edge.TestKit;

/// <summary>Locates the repository root (the folder holding Edge.sln) and the public data sets in it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>data/</c>: the public data sets, gzipped; <see cref="PublicData.Path"/> gives them as plain files.</summary>
    public static string Data => Path.Combine(Root, "data");

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

namespace Edge.Cloud.Tests.Infrastructure;

internal static class RepositoryPaths
{
    /// <summary>The repository root: the first folder above the test binaries that holds Edge.sln.</summary>
    public static string Root()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Edge.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new DirectoryNotFoundException($"No Edge.sln above {AppContext.BaseDirectory}.");
    }

    public static string TestProject() => Path.Combine(Root(), "tests", "Edge.Cloud.Tests");
}

namespace Edge.Maintenance.Tests;

/// <summary>Locates the shared data sets: the folder holding Edge.sln, then <c>../shared/data</c>.</summary>
internal static class SharedData
{
    public static string Path(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Edge.sln")))
        {
            directory = directory.Parent;
        }

        if (directory?.Parent is null)
        {
            throw new DirectoryNotFoundException($"No folder holding Edge.sln above {AppContext.BaseDirectory}.");
        }

        var path = System.IO.Path.Combine([directory.Parent.FullName, "shared", "data", .. parts]);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Shared data file missing: {path}", path);
    }
}

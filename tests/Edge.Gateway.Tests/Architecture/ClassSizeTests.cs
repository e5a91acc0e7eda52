namespace Edge.Gateway.Tests.Architecture;

/// <summary>No class over ~300 lines: a type and its partial files together (<c>Type.cs</c>, <c>Type.Part.cs</c>).</summary>
public sealed class ClassSizeTests
{
    private const int MaximumLines = 300;

    [Fact]
    public void Types_InProductCode_AreAtMost300LinesEach()
    {
        var oversized = ProductProjects.Folders
            .SelectMany(ProductProjects.SourceFiles)
            .Where(path => !path.EndsWith(".g.cs", StringComparison.Ordinal))
            .GroupBy(path => Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileName(path).Split('.')[0]), StringComparer.Ordinal)
            .Select(type => (Type: Path.GetRelativePath(Edge.TestKit.RepositoryPaths.Root, type.Key), Lines: type.Sum(path => File.ReadLines(path).Count())))
            .Where(type => type.Lines > MaximumLines)
            .Select(type => $"{type.Type} ({type.Lines} lines)")
            .ToList();

        Assert.True(oversized.Count == 0, $"Over {MaximumLines} lines: {string.Join(", ", oversized)}");
    }
}

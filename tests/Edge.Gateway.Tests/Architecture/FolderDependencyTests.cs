namespace Edge.Gateway.Tests.Architecture;

/// <summary>Inside each project, folders depend on each other in one direction too.</summary>
public sealed class FolderDependencyTests
{
    public static TheoryData<string> Projects() => [.. ProductProjects.Folders.Select(ProductProjects.Name)];

    [Theory]
    [MemberData(nameof(Projects))]
    public void Folders_OfProject_FormNoCycle(string project)
    {
        var graph = FolderGraph.Read(ProductProjects.Folders.Single(folder => ProductProjects.Name(folder) == project));

        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, $"Folder cycles: {string.Join(Environment.NewLine, cycles)}");
    }

    [Fact]
    public void Read_AFolderUsingARootType_CountsAsADependency()
    {
        // The check must see what C# resolves without a using: Beacons' sub-folders may not use its root's types.
        var graph = FolderGraph.Read(ProductProjects.Folders.Single(folder => ProductProjects.Name(folder) == "Edge.Beacons"));

        Assert.True(graph.DependsOn(string.Empty, "Zones"), "the root composes Zones");
        Assert.True(graph.DependsOn("Inputs", "Decoding"), "inputs decode frames");
        Assert.False(graph.DependsOn("Decoding", "Inputs"));
    }
}

using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Edge.Gateway.Tests.Architecture;

/// <summary>Project references point one way: declared in the project files and as compiled into the assemblies.</summary>
public sealed class ProjectReferenceTests
{
    [Fact]
    public void ProjectFiles_EveryProductProject_HasARule()
    {
        var unknown = ProductProjects.Folders.Select(ProductProjects.Name).Where(name => !ProjectRules.Allowed.ContainsKey(name)).ToList();

        Assert.True(unknown.Count == 0, $"Projects without a rule in ProjectRules (decide their place in docs/ARCHITECTURE.md): {string.Join(", ", unknown)}");
    }

    [Fact]
    public void ProjectFiles_References_OnlyThoseTheRulesAllow()
    {
        var violations = new List<string>();
        foreach (var folder in ProductProjects.Folders)
        {
            var name = ProductProjects.Name(folder);
            var allowed = ProjectRules.Allowed.GetValueOrDefault(name, []);
            violations.AddRange(ProductProjects.DeclaredReferences(folder)
                .Where(reference => !allowed.Contains(reference, StringComparer.Ordinal))
                .Select(reference => $"{name} -> {reference}"));
        }

        Assert.True(violations.Count == 0, $"Forbidden project references: {string.Join("; ", violations)}");
    }

    [Fact]
    public void Assemblies_CompiledReferences_OnlyThoseTheRulesAllow()
    {
        var assemblies = Directory.GetFiles(AppContext.BaseDirectory, "Edge.*.dll")
            .Where(path => ProjectRules.Allowed.ContainsKey(Path.GetFileNameWithoutExtension(path)))
            .ToList();
        var violations = new List<string>();
        foreach (var path in assemblies)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            violations.AddRange(ReferencedEdgeAssemblies(path)
                .Where(reference => !ProjectRules.Allowed[name].Contains(reference, StringComparer.Ordinal))
                .Select(reference => $"{name} -> {reference}"));
        }

        // The service and everything it composes are built beside these tests; the check must have looked at them.
        Assert.Contains(assemblies, path => path.EndsWith("Edge.StoreForward.dll", StringComparison.Ordinal));
        Assert.Contains(assemblies, path => path.EndsWith("Edge.Gateway.dll", StringComparison.Ordinal));
        Assert.True(violations.Count == 0, $"Forbidden references compiled into assemblies: {string.Join("; ", violations)}");
    }

    [Fact]
    public void Rules_RawIdentifierHolders_UnreachableFromStoreForwardContractsAndCloud()
    {
        foreach (var project in ProjectRules.MustNotReachRawIdentifiers)
        {
            var reachable = ProjectRules.Closure(project, ProjectRules.Allowed);

            Assert.DoesNotContain(reachable, ProjectRules.RawIdentifierHolders.Contains);
        }
    }

    [Fact]
    public void Rules_Cloud_ReachesOnlyTheContractsOfTheEdge()
    {
        var reachable = ProjectRules.Closure("Edge.Cloud", ProjectRules.Allowed);

        Assert.Equal(["Edge.Contracts"], reachable.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Rules_Projects_FormNoCycle()
    {
        foreach (var project in ProjectRules.Allowed.Keys)
        {
            Assert.False(ProjectRules.Closure(project, ProjectRules.Allowed).Contains(project), $"{project} reaches itself");
        }
    }

    [Fact]
    public void Assemblies_InternalsGrantedToOtherProducts_OnlyTheToolsTheDemoAndPrivacyToBeacons()
    {
        // Tests, the tools and the demo may see internals; a capability uses another's public API, with one documented
        // exception (Edge.Privacy.csproj): the beacons' compact tables store a pseudonym's two halves.
        string[] consumers = ["Edge.Tools", "Edge.Demo"];
        var grants = Directory.GetFiles(AppContext.BaseDirectory, "Edge.*.dll")
            .Where(path => ProjectRules.Allowed.ContainsKey(Path.GetFileNameWithoutExtension(path)))
            .SelectMany(path => System.Reflection.Assembly.LoadFrom(path)
                .GetCustomAttributes(typeof(System.Runtime.CompilerServices.InternalsVisibleToAttribute), inherit: false)
                .Cast<System.Runtime.CompilerServices.InternalsVisibleToAttribute>()
                .Select(grant => $"{Path.GetFileNameWithoutExtension(path)} -> {grant.AssemblyName}"))
            .Where(grant => ProjectRules.Allowed.ContainsKey(grant.Split(" -> ")[1]))
            .Where(grant => !consumers.Contains(grant.Split(" -> ")[1], StringComparer.Ordinal))
            .ToList();

        Assert.Equal(["Edge.Privacy -> Edge.Beacons"], grants);
    }

    private static IEnumerable<string> ReferencedEdgeAssemblies(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        var metadata = reader.GetMetadataReader();
        return
        [
            .. metadata.AssemblyReferences
                .Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name))
                .Where(name => name.StartsWith("Edge.", StringComparison.Ordinal)),
        ];
    }
}

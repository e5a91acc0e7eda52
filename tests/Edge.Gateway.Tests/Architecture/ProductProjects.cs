using System.Xml.Linq;
using Edge.TestKit;

namespace Edge.Gateway.Tests.Architecture;

/// <summary>The product projects of the repository (edge/ and cloud/), read from their project files.</summary>
internal static class ProductProjects
{
    public static IReadOnlyList<string> Folders { get; } =
    [
        .. new[] { "edge", "cloud" }
            .SelectMany(area => Directory.GetDirectories(Path.Combine(RepositoryPaths.Root, area)))
            .Where(folder => File.Exists(Path.Combine(folder, Path.GetFileName(folder) + ".csproj")))
            .Order(StringComparer.Ordinal),
    ];

    public static string Name(string folder) => Path.GetFileName(folder);

    /// <summary>The Edge projects <paramref name="folder"/>'s project file references.</summary>
    public static IReadOnlyList<string> DeclaredReferences(string folder)
    {
        var project = XDocument.Load(Path.Combine(folder, Name(folder) + ".csproj"));
        return
        [
            .. project.Descendants("ProjectReference")
                .Select(reference => Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/'))),
        ];
    }

    /// <summary>The C# files of a project, without build output.</summary>
    public static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(file =>
            {
                var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
                return !relative.StartsWith("bin/", StringComparison.Ordinal) && !relative.StartsWith("obj/", StringComparison.Ordinal);
            });
}

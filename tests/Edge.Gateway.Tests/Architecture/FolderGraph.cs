using System.Text.RegularExpressions;

namespace Edge.Gateway.Tests.Architecture;

/// <summary>
/// The dependencies between the folders of one project, read from its source: a file belongs to its namespace cut to
/// <c>&lt;Project&gt;.&lt;Folder&gt;</c> (the project's own namespace is the root folder, ""); it depends on another folder for
/// each <c>using</c>, each qualified reference (<c>Edge.Beacons.Zones.X</c>, or <c>Zones.X</c> from inside the project)
/// and, from a sub-folder, each use of a type declared in the root namespace, which C# resolves without a using.
/// </summary>
internal sealed partial class FolderGraph
{
    private readonly Dictionary<string, HashSet<string>> _edges = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), string> _evidence = [];

    private FolderGraph(string project) => Project = project;

    public string Project { get; }

    public IReadOnlyCollection<string> Folders => _edges.Keys;

    public static FolderGraph Read(string projectFolder)
    {
        var project = ProductProjects.Name(projectFolder);
        var graph = new FolderGraph(project);
        var files = ProductProjects.SourceFiles(projectFolder)
            .Select(path => (Path: path, Text: StripComments(File.ReadAllText(path))))
            .Select(file => (file.Path, file.Text, Folder: graph.FolderOf(NamespaceOf(file.Text))))
            .Where(file => file.Folder is not null)
            .ToList();
        foreach (var file in files)
        {
            graph._edges.TryAdd(file.Folder!, new HashSet<string>(StringComparer.Ordinal));
        }

        var rootTypes = files
            .Where(file => file.Folder!.Length == 0)
            .SelectMany(file => DeclaredType().Matches(file.Text).Select(match => match.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        var folderNames = graph._edges.Keys.Where(folder => folder.Length > 0).ToList();
        foreach (var (path, text, folder) in files)
        {
            var name = Path.GetFileName(path);
            foreach (Match match in UsingDirective().Matches(text))
            {
                graph.Add(folder!, graph.FolderOf(match.Groups[1].Value), name);
            }

            var body = UsingOrNamespaceLine().Replace(text, string.Empty);
            foreach (Match match in Regex.Matches(body, $@"(?<![\w.]){Regex.Escape(project)}\.([A-Z]\w*)\."))
            {
                graph.Add(folder!, match.Groups[1].Value, name);
            }

            foreach (var other in folderNames)
            {
                if (Regex.IsMatch(body, $@"(?<![\w.]){Regex.Escape(other)}\.[A-Z]"))
                {
                    graph.Add(folder!, other, name);
                }
            }

            if (folder!.Length > 0)
            {
                foreach (var type in rootTypes.Where(type => Regex.IsMatch(body, $@"(?<![\w.]){Regex.Escape(type)}\b")))
                {
                    graph.Add(folder, string.Empty, $"{name} ({type})");
                }
            }
        }

        return graph;
    }

    /// <summary>Groups of folders that depend on each other in a circle, each with the files behind its arrows.</summary>
    public IReadOnlyList<string> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<string>();
        foreach (var folder in _edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(folder))
            {
                Connect(folder);
            }
        }

        return cycles;

        void Connect(string folder)
        {
            index[folder] = low[folder] = index.Count;
            stack.Push(folder);
            onStack.Add(folder);
            foreach (var next in _edges[folder])
            {
                if (!index.TryGetValue(next, out var nextIndex))
                {
                    Connect(next);
                    low[folder] = Math.Min(low[folder], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[folder] = Math.Min(low[folder], nextIndex);
                }
            }

            if (low[folder] != index[folder])
            {
                return;
            }

            var members = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                members.Add(member);
            }
            while (member != folder);
            if (members.Count > 1)
            {
                var arrows = _evidence.Where(pair => members.Contains(pair.Key.From) && members.Contains(pair.Key.To))
                    .Select(pair => $"{Label(pair.Key.From)} -> {Label(pair.Key.To)} ({pair.Value})");
                cycles.Add($"{Project}: {string.Join(", ", members.Select(Label))} [{string.Join("; ", arrows)}]");
            }
        }
    }

    public bool DependsOn(string from, string to) => _edges.TryGetValue(from, out var targets) && targets.Contains(to);

    private string Label(string folder) => folder.Length == 0 ? "(root)" : folder;

    private void Add(string from, string? to, string evidence)
    {
        if (to is null || to == from || !_edges.TryGetValue(from, out var targets) || !_edges.ContainsKey(to))
        {
            return;
        }

        targets.Add(to);
        _evidence.TryAdd((from, to), evidence);
    }

    /// <summary>The folder of a namespace of this project: "" for the project's own namespace, null for another project's.</summary>
    private string? FolderOf(string? ns)
    {
        if (ns is null)
        {
            return null;
        }

        if (ns == Project)
        {
            return string.Empty;
        }

        return ns.StartsWith(Project + ".", StringComparison.Ordinal) ? ns[(Project.Length + 1)..].Split('.')[0] : null;
    }

    private static string? NamespaceOf(string text) => NamespaceDeclaration().Match(text) is { Success: true } match ? match.Groups[1].Value : null;

    private static string StripComments(string text) => Comment().Replace(text, string.Empty);

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"^\s*(?:(?:global\s+)?using\s+(?:static\s+)?[\w.]+\s*;|namespace\s+[\w.]+\s*;?)[^\n]*", RegexOptions.Multiline)]
    private static partial Regex UsingOrNamespaceLine();

    [GeneratedRegex(@"^(?:public|internal)\s+(?:(?:static|sealed|abstract|partial|readonly|record)\s+)*(?:class|struct|record|enum|interface)\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex DeclaredType();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();
}

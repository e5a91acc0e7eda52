namespace Edge.Maintenance.Serving;

/// <summary>Which kind a machine is, from <see cref="MaintenanceOptions.MachineKinds"/> (glob patterns), cached per machine.</summary>
public sealed class MachineKinds
{
    private readonly (string Pattern, string Kind)[] _patterns;
    private readonly Dictionary<string, string> _cache = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public MachineKinds(IReadOnlyDictionary<string, string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        // Most literal characters first: "press-7" beats "press-*" beats "*".
        _patterns =
        [
            .. patterns
                .OrderByDescending(pair => pair.Key.Count(c => c is not '*' and not '?'))
                .ThenBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => (pair.Key, pair.Value)),
        ];
    }

    public string KindOf(string machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        lock (_gate)
        {
            if (_cache.TryGetValue(machine, out var cached))
            {
                return cached;
            }

            var kind = MaintenanceOptions.DefaultMachineKind;
            foreach (var (pattern, candidate) in _patterns)
            {
                if (Matches(pattern, machine))
                {
                    kind = candidate;
                    break;
                }
            }

            _cache[machine] = kind;
            return kind;
        }
    }

    /// <summary>Glob match: <c>*</c> any run of characters, <c>?</c> exactly one; ordinal, whole string.</summary>
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}

namespace Edge.TestKit;

/// <summary>
/// Finds installed programs: a bare name is looked up on PATH (and in /usr/sbin, where Debian puts mosquitto); an
/// absolute path (<c>/usr/lib/postgresql/15/bin/initdb</c>) is taken as is; a relative path with a folder in it
/// (<c>tests/clients/mqttjs/node_modules/mqtt</c>) is taken from the repository root. A path may name a file or a folder.
/// </summary>
public static class Installed
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Find(string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        if (Path.IsPathRooted(program) || program.Contains('/', StringComparison.Ordinal))
        {
            var path = Path.IsPathRooted(program) ? program : Path.Combine(RepositoryPaths.Root, program);
            return File.Exists(path) || Directory.Exists(path) ? path : null;
        }

        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var directory in directories.Append("/usr/sbin").Append("/usr/local/sbin").Append("/sbin"))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Like <see cref="Find"/>, but a clear failure when missing (for CI).</summary>
    public static string Require(string program) =>
        Find(program) ?? throw new InvalidOperationException($"'{program}' is not installed; see .ci/needs-*.sh for how CI installs it.");

    /// <summary>
    /// Why a test that needs <paramref name="programs"/> is skipped here, or null when it runs: it runs when all are
    /// installed, and always in CI (<c>CI=true</c>), where a missing program is a failure, not a skip.
    /// </summary>
    public static string? SkipReason(IEnumerable<string> programs)
    {
        ArgumentNullException.ThrowIfNull(programs);
        var missing = programs.Where(program => Find(program) is null).ToList();
        return missing.Count == 0 || IsCi
            ? null
            : $"Needs {string.Join(", ", missing)} (not installed; see .ci/needs-*.sh; required when CI=true).";
    }
}

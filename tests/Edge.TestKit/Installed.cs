namespace Edge.TestKit;

/// <summary>Finds installed programs on PATH (and in /usr/sbin, where Debian puts mosquitto).</summary>
public static class Installed
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Find(string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        if (Path.IsPathRooted(program))
        {
            return File.Exists(program) ? program : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator).Append("/usr/sbin").Append("/usr/local/sbin"))
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
}

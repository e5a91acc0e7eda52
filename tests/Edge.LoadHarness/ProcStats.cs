using System.Globalization;

namespace Edge.LoadHarness;

/// <summary>Reads CPU time and memory of a process (or thread) from Linux's /proc.</summary>
internal static class ProcStats
{
    /// <summary>USER_HZ: the unit of utime/stime in /proc/&lt;pid&gt;/stat; 100 on every Linux x64/arm64 kernel.</summary>
    public const double TicksPerSecond = 100;

    /// <summary>utime + stime of the process, all its threads included (also threads that already exited).</summary>
    public static long CpuTicks(int pid) => CpuTicksFromStatFile($"/proc/{pid}/stat");

    /// <summary>stime alone: time in the kernel (sockets, futexes, scheduling) on the process's behalf.</summary>
    public static long SystemCpuTicks(int pid) => CpuTicksFromStatFile($"/proc/{pid}/stat", userTime: false);

    public static long CpuTicksFromStatFile(string path, bool userTime = true)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return 0;
        }

        // The command name (field 2) may contain spaces; fields after its closing parenthesis are plain.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the name: state is field 3, so utime (14) and stime (15) sit at 11 and 12.
        var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return userTime ? long.Parse(fields[11], CultureInfo.InvariantCulture) + system : system;
    }

    /// <summary>A kB value of /proc/&lt;pid&gt;/status such as VmHWM (peak RSS) or VmRSS, in bytes; 0 when gone.</summary>
    public static long StatusBytes(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key + ":", StringComparison.Ordinal))
                {
                    var value = line[(key.Length + 1)..].Trim();
                    return long.Parse(value[..value.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    /// <summary>Voluntary plus involuntary context switches of every live thread of the process.</summary>
    public static long ContextSwitches(int pid)
    {
        long total = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                    {
                        if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)
                            || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        {
                            total += long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), CultureInfo.InvariantCulture);
                        }
                    }
                }
                catch (IOException)
                {
                    // The thread exited between listing and reading.
                }
            }
        }
        catch (IOException)
        {
        }

        return total;
    }
}

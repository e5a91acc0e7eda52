using System.Runtime.InteropServices;

namespace Edge.LoadHarness;

/// <summary>One line saying what the figures were measured on, and how busy the machine was.</summary>
internal static class MachineDescription
{
    public static string Describe()
    {
        var model = "unknown CPU";
        try
        {
            model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? model;
        }
        catch (IOException)
        {
        }

        return $"Machine: {model}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; load average {LoadAverage()}";
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}

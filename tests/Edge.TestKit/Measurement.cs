using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Edge.TestKit;

internal static class Measurement
{
    public static string? SkipReason(string variable)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        return Environment.GetEnvironmentVariable(variable) == "1" ? null : $"Measurement: run with {variable}=1.";
    }
}

using System.Security.Cryptography;

namespace Edge.Maintenance.Data;

/// <summary>SHA-256 of a data file, recorded in the model card so a model can be traced to the exact bytes it learned from.</summary>
public static class DataHash
{
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static string OfBytes(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

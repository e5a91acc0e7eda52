using System.Security.Cryptography;

namespace Edge.Maintenance.Data;

/// <summary>SHA-256 of a data file, recorded in the model card so a model can be traced to the exact bytes it learned from.</summary>
/// <remarks>
/// A <c>.gz</c> file is hashed uncompressed: a model trained from <c>train_FD001.txt.gz</c> carries the same hash as one
/// trained from <c>train_FD001.txt</c>, the one the data set's SOURCE.md lists.
/// </remarks>
public static class DataHash
{
    public static string OfFile(string path)
    {
        using var stream = DataFile.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static string OfBytes(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

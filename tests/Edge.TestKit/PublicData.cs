using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Edge.TestKit;

/// <summary>
/// The public data sets the repository carries in <c>data/</c> (C-MAPSS FD001, AI4I 2020; each folder's SOURCE.md gives
/// source, licence and hashes), as plain files. The data files are stored gzipped: <see cref="Path"/> unpacks one on
/// first use into the test's output folder, so a clone needs nothing outside the repository.
/// </summary>
public static class PublicData
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> s_plainFiles = new(StringComparer.Ordinal);

    /// <summary>
    /// The plain file, for example <c>PublicData.Path("cmapss", "train_FD001.txt")</c>: <c>data/cmapss/train_FD001.txt</c>
    /// if the repository stores it plain, else <c>data/cmapss/train_FD001.txt.gz</c> unpacked.
    /// </summary>
    public static string Path(params string[] parts)
    {
        ArgumentOutOfRangeException.ThrowIfZero(parts.Length);
        var relative = System.IO.Path.Combine(parts);
        // xUnit runs test classes in parallel: Lazy (execution and publication) unpacks each file once per process.
        return s_plainFiles.GetOrAdd(relative, static key => new Lazy<string>(() => Resolve(key))).Value;
    }

    private static string Resolve(string relative)
    {
        var plain = System.IO.Path.Combine(RepositoryPaths.Data, relative);
        if (File.Exists(plain))
        {
            return plain;
        }

        var archive = plain + ".gz";
        if (!File.Exists(archive))
        {
            throw new FileNotFoundException($"Public data file missing: neither {plain} nor {archive} exists.", archive);
        }

        // A folder per archive hash: an unpacked file always matches the archive it came from, even after the archive changed.
        string hash;
        using (var stream = File.OpenRead(archive))
        {
            hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
        }

        var folder = Directory.CreateDirectory(System.IO.Path.Combine(AppContext.BaseDirectory, "public-data", hash)).FullName;
        var target = System.IO.Path.Combine(folder, System.IO.Path.GetFileName(plain));
        if (File.Exists(target))
        {
            return target;
        }

        // Written under a name of its own, then renamed: another process (a second test run on the same output) sees
        // either no file or the whole file, never a partial one.
        var partial = $"{target}.{Guid.NewGuid():N}.partial";
        try
        {
            using (var input = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress))
            using (var output = File.Create(partial))
            {
                input.CopyTo(output);
            }

            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }

        return target;
    }
}

using System.IO.Compression;

namespace Edge.Maintenance.Data;

/// <summary>
/// Opens a data file for reading, decompressing it when its name ends in <c>.gz</c>: the repository carries the public
/// data sets gzipped (<c>data/</c>), and the loaders, the model commands and <see cref="DataHash"/> take either form.
/// </summary>
public static class DataFile
{
    public static bool IsCompressed(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file's bytes, uncompressed.</summary>
    public static Stream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = File.OpenRead(path);
        return IsCompressed(path) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    /// <summary>The file's text, uncompressed; a UTF-8 byte order mark is detected and skipped.</summary>
    public static StreamReader OpenText(string path) => new(OpenRead(path), detectEncodingFromByteOrderMarks: true);
}

using System.Globalization;
using System.Text;

namespace Edge.StoreForward.Outbox;

/// <summary>
/// A small side file that reserves sequence numbers ahead of use (in blocks, so it is written once per
/// <see cref="BlockSize"/> records). When the outbox is lost (corrupt and moved aside, deleted, truncated) a fresh one
/// continues above every sequence ever handed out: restarting at 1 would make the cloud discard new records as duplicates.
/// </summary>
internal sealed class SequenceFloor
{
    public const long BlockSize = 10_000;

    private readonly string _path;

    public SequenceFloor(string path)
    {
        _path = path;
        Reserved = Read(path);
    }

    /// <summary>Every sequence assigned so far is at most this.</summary>
    public long Reserved { get; private set; }

    /// <summary>Makes sure sequences up to <paramref name="sequence"/> are covered by a durable reservation.</summary>
    public void Cover(long sequence)
    {
        if (sequence <= Reserved)
        {
            return;
        }

        var reserved = sequence + BlockSize;
        var temporary = _path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.ASCII.GetBytes(reserved.ToString(CultureInfo.InvariantCulture)));
            // Durable before the rename and before any record uses a sequence from the new block.
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
        Reserved = reserved;
    }

    private static long Read(string path)
    {
        try
        {
            return long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}

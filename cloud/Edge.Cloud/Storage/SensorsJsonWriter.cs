using System.Buffers;
using System.Text.Json;
using Edge.Contracts;

namespace Edge.Cloud.Storage;

/// <summary>
/// Writes a summary's sensors as the stored JSON text (the same bytes as <see cref="BatchWriter.SensorsJson"/>)
/// into one buffer reused for a whole batch, handing out UTF-8 that the store binds without making a string of it.
/// </summary>
internal sealed class SensorsJsonWriter : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public SensorsJsonWriter() => _writer = new Utf8JsonWriter(_buffer);

    /// <summary>The JSON of <paramref name="sensors"/>; valid until the next call.</summary>
    public ReadOnlySpan<byte> Write(IReadOnlyList<SensorSummary> sensors)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        JsonSerializer.Serialize(_writer, sensors, CloudStorageJsonContext.Default.IReadOnlyListSensorSummary);
        _writer.Flush();
        return _buffer.WrittenSpan;
    }

    public void Dispose() => _writer.Dispose();
}

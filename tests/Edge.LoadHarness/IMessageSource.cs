namespace Edge.LoadHarness;

/// <summary>
/// What a <see cref="LeanPublisher"/> sends when it is not the default telemetry stream: the topic and payload of each
/// message, written straight into the publisher's buffers (no allocation per message).
/// </summary>
internal interface IMessageSource
{
    /// <summary>Writes message number <paramref name="sequence"/> of this client; returns the payload length.</summary>
    int Write(long sequence, Span<byte> topic, out int topicLength, Span<byte> payload);
}

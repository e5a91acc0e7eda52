namespace Edge.Gateway.LocalWeb;

/// <summary>System calls and bytes on the broker's plain TCP device connections since start.</summary>
public sealed record BrokerSocketStatus(long Connections, long Receives, long BytesReceived, long Sends, long BytesSent, long ReadBuffersHeld);

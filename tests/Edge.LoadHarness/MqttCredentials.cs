namespace Edge.LoadHarness;

/// <summary>User name and password of an MQTT client (the Edge gateway requires per-device credentials).</summary>
internal sealed record MqttCredentials(string UserName, string Password);

namespace Edge.Simulator.Store;

/// <summary>The scanner firmware a simulated node runs, which decides the MQTT topic and JSON it publishes.</summary>
public enum ScannerFormat
{
    OpenMqttGateway,
    Espresense,
}

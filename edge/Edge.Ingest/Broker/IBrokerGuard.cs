using MQTTnet.Server;

namespace Edge.Ingest.Broker;

/// <summary>
/// Who may connect to the embedded broker and what each client may publish: device identity, topic ACLs and limits
/// (the fleet capability's <c>FleetGuard</c>). The broker asks it before handing a publish to the handlers.
/// </summary>
public interface IBrokerGuard
{
    /// <summary>Subscribes to the server's connection, subscription and session events.</summary>
    void Attach(MqttServer server);

    /// <summary>Whether a client's publish may reach the handlers; a refusal has already set the reason code.</summary>
    bool AdmitPublish(InterceptingPublishEventArgs args);
}

namespace Edge.Ingest.Broker;

/// <summary>Where devices publish: to the gateway's own broker, or to an existing one the gateway subscribes to.</summary>
public enum BrokerMode
{
    Embedded,
    External,
}

namespace Edge.Ingest.Fleet;

/// <summary>Outcome of checking a device's credentials.</summary>
public enum DeviceAuthentication
{
    Accepted,
    UnknownDevice,
    WrongSecret,
    Revoked,
}

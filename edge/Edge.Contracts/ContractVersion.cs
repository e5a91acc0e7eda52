namespace Edge.Contracts;

/// <summary>Version of the uplink wire format. Bump when a message changes shape; the cloud keeps reading older versions.</summary>
public static class ContractVersion
{
    public const int Current = 1;

    /// <summary>Oldest version the cloud still ingests.</summary>
    public const int OldestSupported = 1;
}

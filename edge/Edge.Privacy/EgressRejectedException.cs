namespace Edge.Privacy;

/// <summary>Thrown when the egress guard refuses a batch: nothing of it reached the outbox.</summary>
public sealed class EgressRejectedException : Exception
{
    public EgressRejectedException()
    {
    }

    public EgressRejectedException(string message)
        : base(message)
    {
    }

    public EgressRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

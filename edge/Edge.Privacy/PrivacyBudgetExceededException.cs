namespace Edge.Privacy;

/// <summary>A release was refused because it would take the day's epsilon over its configured limit.</summary>
public sealed class PrivacyBudgetExceededException : Exception
{
    public PrivacyBudgetExceededException()
    {
    }

    public PrivacyBudgetExceededException(string message)
        : base(message)
    {
    }

    public PrivacyBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

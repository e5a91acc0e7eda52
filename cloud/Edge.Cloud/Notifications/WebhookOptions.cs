namespace Edge.Cloud.Notifications;

/// <summary>Section <c>Cloud:Webhook</c>: where alert notifications are POSTed. No URL, no notifications.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Cloud:Webhook";

    public string? Url { get; set; }

    public int MaxAttempts { get; set; } = 6;

    /// <summary>Delay before the second attempt; doubled for each next one.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

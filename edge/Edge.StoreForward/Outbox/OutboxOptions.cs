using System.ComponentModel.DataAnnotations;
using Edge.Contracts;

namespace Edge.StoreForward.Outbox;

/// <summary>Section <c>Outbox</c>: where records wait for the cloud, and the declared policy when space runs out.</summary>
public sealed class OutboxOptions : IValidatableObject
{
    public const string Section = "Outbox";

    /// <summary>File name of the outbox inside the gateway's data folder.</summary>
    public string FileName { get; set; } = "outbox.db";

    /// <summary>
    /// Cap on the stored records (payload plus a fixed per-row overhead). Above it the overflow policy runs:
    /// downsample the oldest machine summaries, then drop the oldest records of the lowest class; alerts are never dropped.
    /// </summary>
    [Range(64 * 1024, long.MaxValue, ErrorMessage = "Outbox:MaxBytes must be at least 65536 (64 KiB).")]
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Free space the outbox leaves on its file system; below it the overflow policy runs as if the cap were reached.</summary>
    [Range(0, long.MaxValue)]
    public long MinFreeDiskBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Most source windows one downsampled machine summary may stand for (60 one-minute windows make an hour).</summary>
    [Range(2, 100_000)]
    public int MaxMergedWindows { get; set; } = 60;

    /// <summary>Time-to-live of a failure alert; zero keeps alerts until the cloud has them.</summary>
    public TimeSpan AlertTimeToLive { get; set; } = TimeSpan.Zero;

    public TimeSpan FootfallTimeToLive { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan MachineSummaryTimeToLive { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan HealthTimeToLive { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// A clock earlier than this is taken as not synchronized (a Pi without real-time clock boots in 1970): its records
    /// are flagged and never expire by age, since their age cannot be known.
    /// </summary>
    public DateTimeOffset MinimumPlausibleTime { get; set; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Records held in memory while the file system refuses writes (disk full, I/O error); retried until they commit.</summary>
    [Range(16, 1_000_000)]
    public int SpillCapacity { get; set; } = 10_000;

    /// <summary>How often expiry runs, metrics are sampled and records spilled during a storage error are retried.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time-to-live of <paramref name="priority"/>; <see cref="TimeSpan.Zero"/> when records of that class never expire.</summary>
    public TimeSpan TimeToLive(PriorityClass priority) => priority switch
    {
        PriorityClass.Alert => AlertTimeToLive,
        PriorityClass.Footfall => FootfallTimeToLive,
        PriorityClass.MachineSummary => MachineSummaryTimeToLive,
        _ => HealthTimeToLive,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(FileName) || FileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            yield return new ValidationResult("Outbox:FileName must be a plain file name such as outbox.db.", [nameof(FileName)]);
        }

        foreach (var priority in Enum.GetValues<PriorityClass>())
        {
            if (TimeToLive(priority) < TimeSpan.Zero)
            {
                yield return new ValidationResult($"Outbox:{priority}TimeToLive must be zero (never expire) or positive.", [priority + "TimeToLive"]);
            }
        }

        if (MaintenanceInterval < TimeSpan.FromMilliseconds(100))
        {
            yield return new ValidationResult("Outbox:MaintenanceInterval must be at least 00:00:00.1.", [nameof(MaintenanceInterval)]);
        }
    }
}

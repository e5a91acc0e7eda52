namespace Edge.Cloud.Api;

public sealed record IngestStatus(long Received, long Stored, long Duplicates, long Rejected);

namespace Edge.Cloud.Storage;

/// <summary>
/// An uploaded model: its manifest's version and kind, the file's size, SHA-256 (hex) and the cloud's signature over the
/// exact bytes (ECDSA P-256, SHA-256, IEEE P1363, base64). The bytes themselves are read separately.
/// </summary>
public sealed record ModelRow(string Version, string Kind, long Size, string Sha256, string Signature, string UploadedBy, DateTimeOffset UploadedAt);

using System.IO.Compression;
using System.Text.Json;

namespace Edge.Cloud.Models;

/// <summary>
/// What the cloud reads from an uploaded model file: the zip's <c>manifest.json</c> entry, fields <c>version</c> (names
/// the file everywhere, so letters, digits, '.', '_' and '-' only) and <c>kind</c> (the model type, for example <c>history</c>).
/// </summary>
public sealed record ModelManifest(string Version, string Kind)
{
    public const string Entry = "manifest.json";
    private const int MaxVersionLength = 100;

    private static readonly System.Buffers.SearchValues<char> s_versionCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    /// <summary>Reads the manifest; throws <see cref="InvalidDataException"/> with a message for the uploader when it cannot.</summary>
    public static ModelManifest Read(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(file, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            throw new InvalidDataException("The body is not a zip file: upload the model file the trainer wrote (model.zip).");
        }

        using (zip)
        {
            var entry = zip.GetEntry(Entry) ?? throw new InvalidDataException($"The zip has no {Entry}: it is not a model file written by the trainer.");
            JsonDocument document;
            try
            {
                using var stream = entry.Open();
                document = JsonDocument.Parse(stream);
            }
            catch (JsonException error)
            {
                throw new InvalidDataException($"{Entry} is not valid JSON: {error.Message}");
            }

            using (document)
            {
                var root = document.RootElement;
                var version = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                var kind = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
                if (!IsValidVersion(version))
                {
                    throw new InvalidDataException($"{Entry} needs a string 'version' of 1-{MaxVersionLength} letters, digits, '.', '_' or '-'.");
                }

                if (string.IsNullOrWhiteSpace(kind) || kind.Length > MaxVersionLength)
                {
                    throw new InvalidDataException($"{Entry} needs a string 'kind' (the model type, for example \"history\").");
                }

                return new ModelManifest(version!, kind);
            }
        }
    }

    public static bool IsValidVersion(string? version) =>
        !string.IsNullOrEmpty(version) && version.Length <= MaxVersionLength
        && version.AsSpan().IndexOfAnyExcept(s_versionCharacters) < 0
        && version[0] != '.';
}

using System.IO.Compression;
using System.Text;

namespace Edge.Cloud.Tests.Infrastructure;

/// <summary>Model files as the trainer writes them: a zip with <c>manifest.json</c> and a model entry.</summary>
internal static class ModelFiles
{
    public static byte[] Zip(string version, string kind = "history", string? manifest = null, int payloadBytes = 4096)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            if (manifest is not null || version.Length > 0)
            {
                using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open(), Encoding.UTF8);
                writer.Write(manifest ?? $$"""{"schemaVersion":1,"kind":"{{kind}}","version":"{{version}}","sensors":["temperature"]}""");
            }

            using var model = zip.CreateEntry("model.bin").Open();
            var payload = new byte[payloadBytes];
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] = (byte)((i * 31) + version.Length);
            }

            model.Write(payload);
        }

        return buffer.ToArray();
    }

    public static ByteArrayContent Content(byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/zip");
        return content;
    }
}

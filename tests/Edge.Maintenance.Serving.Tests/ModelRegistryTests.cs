using System.IO.Compression;
using Edge.Maintenance.Serving;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Maintenance.Serving.Tests;

public sealed class ModelRegistryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-models-").FullName;
    private readonly string _staging = Directory.CreateTempSubdirectory("edge-staging-").FullName;
    private readonly ModelRegistry _registry = new(NullLogger<ModelRegistry>.Instance);

    [Fact]
    public void Scan_GoodThenNewerModel_SwapsToNewerVersion()
    {
        var first = SyntheticModels.Train(Path.Combine(_staging, "a.zip"), new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var second = SyntheticModels.Train(Path.Combine(_staging, "b.zip"), new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero));
        var target = Path.Combine(_folder, "engines.zip");

        File.Copy(first, target);
        Assert.Equal(1, _registry.Scan(_folder));
        var before = _registry.Models["engines.zip"].Bundle.Manifest.Version;

        File.Copy(second, target, overwrite: true);
        File.SetLastWriteTimeUtc(target, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(1, _registry.Scan(_folder));

        Assert.StartsWith("cmapss-rul-20261101", before, StringComparison.Ordinal);
        Assert.StartsWith("cmapss-rul-20261102", _registry.Models["engines.zip"].Bundle.Manifest.Version, StringComparison.Ordinal);
        Assert.Empty(_registry.Rejected);
    }

    [Fact]
    public void Scan_CorruptReplacement_IsRejectedAndOldModelKeepsServing()
    {
        var good = SyntheticModels.Train(Path.Combine(_staging, "a.zip"), new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var target = Path.Combine(_folder, "engines.zip");
        File.Copy(good, target);
        _registry.Scan(_folder);
        var serving = _registry.Models["engines.zip"];

        File.WriteAllBytes(target, [.. File.ReadAllBytes(good).Take(1000)]);
        File.SetLastWriteTimeUtc(target, DateTime.UtcNow.AddMinutes(1));

        Assert.Equal(0, _registry.Scan(_folder));
        Assert.Same(serving, _registry.Models["engines.zip"]);
        Assert.Contains("engines.zip", _registry.Rejected.Keys);
    }

    [Fact]
    public void Scan_WrongSchemaVersion_IsRejectedWithReason()
    {
        var good = SyntheticModels.Train(Path.Combine(_staging, "a.zip"), new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var target = Path.Combine(_folder, "future.zip");
        File.Copy(good, target);
        using (var zip = ZipFile.Open(target, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("manifest.json")!;
            string text;
            using (var reader = new StreamReader(entry.Open()))
            {
                text = reader.ReadToEnd();
            }

            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open());
            writer.Write(text.Replace("\"schemaVersion\": 1", "\"schemaVersion\": 99", StringComparison.Ordinal));
        }

        _registry.Scan(_folder);

        Assert.Empty(_registry.Models);
        Assert.Contains("schema version 99", _registry.Rejected["future.zip"].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_FileRemoved_StopsServingIt()
    {
        var target = SyntheticModels.Train(Path.Combine(_folder, "engines.zip"), new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        _registry.Scan(_folder);
        Assert.Single(_registry.Models);

        File.Delete(target);
        _registry.Scan(_folder);

        Assert.Empty(_registry.Models);
    }

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        Directory.Delete(_staging, recursive: true);
    }
}

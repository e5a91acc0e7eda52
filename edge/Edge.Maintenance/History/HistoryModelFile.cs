using System.IO.Compression;
using System.Text.Json;
using Edge.Maintenance.Data;
using Microsoft.ML;

namespace Edge.Maintenance.History;

/// <summary>Writes and reads <see cref="HistoryModel"/> files (zip: manifest, classifier, optional regressor), checked like <c>ModelBundle</c>.</summary>
internal static class HistoryModelFile
{
    /// <summary>Writes the file atomically (temporary file, then rename); returns the manifest with the checksums filled in.</summary>
    public static HistoryManifest Save(string path, HistoryManifest manifest, byte[] classifier, byte[]? regressor)
    {
        var sealedManifest = manifest with
        {
            ClassifierSha256 = DataHash.OfBytes(classifier),
            RegressorSha256 = regressor is null ? string.Empty : DataHash.OfBytes(regressor),
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using (var file = File.Create(temporary))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            using (var entry = zip.CreateEntry(HistoryModel.ManifestEntry).Open())
            {
                JsonSerializer.Serialize(entry, sealedManifest, HistoryJsonContext.Default.HistoryManifest);
            }

            Add(zip, HistoryModel.ClassifierEntry, classifier);
            if (regressor is not null)
            {
                Add(zip, HistoryModel.RegressorEntry, regressor);
            }
        }

        File.Move(temporary, path, overwrite: true);
        return sealedManifest;
    }

    public static byte[] Serialize(MLContext context, ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        context.Model.Save(model, schema, stream);
        return stream.ToArray();
    }

    public static HistoryModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        HistoryManifest? manifest = null;
        byte[]? classifier = null, regressor = null;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.GetEntry(HistoryModel.ManifestEntry) is { } manifestEntry)
            {
                using var stream = manifestEntry.Open();
                manifest = JsonSerializer.Deserialize(stream, HistoryJsonContext.Default.HistoryManifest);
            }

            classifier = ReadEntry(zip, HistoryModel.ClassifierEntry);
            regressor = ReadEntry(zip, HistoryModel.RegressorEntry);
        }
        catch (Exception exception) when (exception is JsonException or IOException or InvalidDataException or NotSupportedException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: not a readable model file ({exception.Message}).", exception);
        }

        if (manifest is null || classifier is null)
        {
            throw new InvalidDataException($"{path}: a history model file needs {HistoryModel.ManifestEntry} and {HistoryModel.ClassifierEntry}.");
        }

        if (manifest.Kind != HistoryManifest.HistoryKind || manifest.SchemaVersion != HistoryManifest.CurrentSchemaVersion)
        {
            throw new InvalidDataException($"{path}: kind '{manifest.Kind}' schema {manifest.SchemaVersion}, this build reads kind '{HistoryManifest.HistoryKind}' schema {HistoryManifest.CurrentSchemaVersion}.");
        }

        Check(path, HistoryModel.ClassifierEntry, classifier, manifest.ClassifierSha256);
        if (regressor is not null || manifest.RegressorSha256.Length > 0)
        {
            Check(path, HistoryModel.RegressorEntry, regressor ?? [], manifest.RegressorSha256);
        }

        var names = manifest.Spec.FeatureNames();
        if (!names.SequenceEqual(manifest.FeatureNames) || manifest.Ranges.Count != names.Count)
        {
            throw new InvalidDataException($"{path}: the feature names do not match what this build computes from the feature spec.");
        }

        HistoryModel model;
        try
        {
            var context = new MLContext(seed: 0);
            using var classifierStream = new MemoryStream(classifier);
            var classifierModel = context.Model.Load(classifierStream, out _);
            ITransformer? regressorModel = null;
            if (regressor is not null)
            {
                using var regressorStream = new MemoryStream(regressor);
                regressorModel = context.Model.Load(regressorStream, out _);
            }

            model = new HistoryModel(manifest, classifierModel, regressorModel, context);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: the ML.NET model does not load ({exception.Message}).", exception);
        }

        Smoke(path, model);
        return model;
    }

    private static void Smoke(string path, HistoryModel model)
    {
        var manifest = model.Manifest;
        HistoryPrediction prediction;
        try
        {
            prediction = model.Predict([.. manifest.SmokeFeatures]);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: smoke prediction failed ({exception.Message}).", exception);
        }

        var life = prediction.RemainingLife ?? 0;
        if (Math.Abs(prediction.FailureProbability - manifest.SmokeProbability) > 1e-4
            || Math.Abs(life - manifest.SmokeRemainingLife) > 1e-3 * Math.Max(1, manifest.SmokeRemainingLife))
        {
            throw new InvalidDataException($"{path}: smoke prediction ({prediction.FailureProbability}, {life}) differs from the recorded ({manifest.SmokeProbability}, {manifest.SmokeRemainingLife}).");
        }
    }

    private static void Check(string path, string entry, byte[] bytes, string expected)
    {
        var actual = DataHash.OfBytes(bytes);
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{path}: {entry} checksum mismatch (manifest {expected}, content {actual}).");
        }
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        entry.Write(bytes);
    }

    private static byte[]? ReadEntry(ZipArchive zip, string name)
    {
        if (zip.GetEntry(name) is not { } entry)
        {
            return null;
        }

        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}

using System.IO.Compression;
using System.Text.Json;
using Edge.Maintenance.Data;
using Microsoft.ML;

namespace Edge.Maintenance.Models;

/// <summary>
/// A deployable model file: a zip holding <c>manifest.json</c> and <c>mlnet.zip</c> (the ML.NET model with its
/// feature-contribution stage). Loading checks the schema version, the SHA-256 of the ML.NET bytes against the
/// manifest, and replays the manifest's smoke prediction; any failure throws <see cref="InvalidDataException"/>,
/// so a gateway can reject a bad file and keep the model it has.
/// </summary>
public sealed class ModelBundle
{
    public const string ManifestEntry = "manifest.json";
    public const string ModelEntry = "mlnet.zip";

    private readonly PredictionEngine<RegressionRow, RegressionOutput>? _regression;
    private readonly PredictionEngine<BinaryRow, BinaryOutput>? _binary;
    private readonly Lock _gate = new();

    private ModelBundle(ModelManifest manifest, ITransformer model, MLContext context)
    {
        Manifest = manifest;
        Model = model;
        var count = manifest.FeatureNames.Count;
        if (manifest.Kind == ModelKinds.RemainingLife)
        {
            _regression = context.Model.CreatePredictionEngine<RegressionRow, RegressionOutput>(
                model, inputSchemaDefinition: MlRows.Schema<RegressionRow>(count));
        }
        else
        {
            _binary = context.Model.CreatePredictionEngine<BinaryRow, BinaryOutput>(
                model, inputSchemaDefinition: MlRows.Schema<BinaryRow>(count));
        }
    }

    public ModelManifest Manifest { get; }

    internal ITransformer Model { get; }

    /// <summary>Scores one feature vector. Thread-safe (ML.NET prediction engines are not: calls are serialized).</summary>
    public Prediction Predict(float[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Length != Manifest.FeatureNames.Count)
        {
            throw new ArgumentException($"Model {Manifest.Version} expects {Manifest.FeatureNames.Count} features, got {features.Length}.", nameof(features));
        }

        lock (_gate)
        {
            if (_regression is not null)
            {
                var output = _regression.Predict(new RegressionRow { Features = features });
                var value = Math.Clamp(output.Score, 0, Manifest.RemainingLifeCap);
                return new Prediction(value, [.. output.FeatureContributions]);
            }

            var binary = _binary!.Predict(new BinaryRow { Features = features });
            return new Prediction(binary.Probability, [.. binary.FeatureContributions]);
        }
    }

    internal static ModelBundle Create(ModelManifest manifest, ITransformer model, MLContext context) => new(manifest, model, context);

    /// <summary>Writes the bundle to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    internal static ModelManifest Save(string path, ModelManifest manifest, ITransformer model, DataViewSchema inputSchema, MLContext context)
    {
        using var modelBytes = new MemoryStream();
        context.Model.Save(model, inputSchema, modelBytes);
        var bytes = modelBytes.ToArray();
        var sealedManifest = manifest with { ModelSha256 = DataHash.OfBytes(bytes) };

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using (var file = File.Create(temporary))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            using (var entry = zip.CreateEntry(ManifestEntry).Open())
            {
                JsonSerializer.Serialize(entry, sealedManifest, MaintenanceJsonContext.Default.ModelManifest);
            }

            using (var entry = zip.CreateEntry(ModelEntry, CompressionLevel.NoCompression).Open())
            {
                entry.Write(bytes);
            }
        }

        File.Move(temporary, path, overwrite: true);
        return sealedManifest;
    }

    /// <summary>Loads and validates a model file. Throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static ModelBundle Load(string path, MLContext? context = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        context ??= new MLContext(seed: 0);
        ModelManifest? manifest = null;
        byte[]? bytes = null;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.GetEntry(ManifestEntry) is { } manifestEntry)
            {
                using var stream = manifestEntry.Open();
                manifest = JsonSerializer.Deserialize(stream, MaintenanceJsonContext.Default.ModelManifest);
            }

            if (zip.GetEntry(ModelEntry) is { } modelEntry)
            {
                using var modelStream = modelEntry.Open();
                using var buffer = new MemoryStream();
                modelStream.CopyTo(buffer);
                bytes = buffer.ToArray();
            }
        }
        catch (Exception exception) when (exception is JsonException or IOException or InvalidDataException or NotSupportedException)
        {
            throw new InvalidDataException($"{path}: not a readable model file ({exception.Message}).", exception);
        }

        if (manifest is null || bytes is null)
        {
            throw new InvalidDataException($"{path}: a model file needs {ManifestEntry} and {ModelEntry}.");
        }

        if (manifest.SchemaVersion != ModelManifest.CurrentSchemaVersion)
        {
            throw new InvalidDataException($"{path}: schema version {manifest.SchemaVersion}, this build reads {ModelManifest.CurrentSchemaVersion}.");
        }

        if (manifest.Kind is not (ModelKinds.RemainingLife or ModelKinds.FailureProbability))
        {
            throw new InvalidDataException($"{path}: unknown model kind '{manifest.Kind}'.");
        }

        var checksum = DataHash.OfBytes(bytes);
        if (!string.Equals(checksum, manifest.ModelSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{path}: checksum mismatch (manifest {manifest.ModelSha256}, content {checksum}).");
        }

        ModelBundle bundle;
        try
        {
            using var stream = new MemoryStream(bytes);
            var model = context.Model.Load(stream, out _);
            bundle = new ModelBundle(manifest, model, context);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: the ML.NET model does not load ({exception.Message}).", exception);
        }

        Smoke(bundle, path);
        return bundle;
    }

    private static void Smoke(ModelBundle bundle, string path)
    {
        var manifest = bundle.Manifest;
        if (manifest.SmokeFeatures.Count != manifest.FeatureNames.Count)
        {
            throw new InvalidDataException($"{path}: smoke vector has {manifest.SmokeFeatures.Count} features, the model {manifest.FeatureNames.Count}.");
        }

        double value;
        try
        {
            value = bundle.Predict([.. manifest.SmokeFeatures]).Value;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: smoke prediction failed ({exception.Message}).", exception);
        }

        var tolerance = 1e-3 * Math.Max(1, Math.Abs(manifest.SmokePrediction));
        if (!double.IsFinite(value) || Math.Abs(value - manifest.SmokePrediction) > tolerance)
        {
            throw new InvalidDataException($"{path}: smoke prediction {value} differs from the recorded {manifest.SmokePrediction}.");
        }
    }
}

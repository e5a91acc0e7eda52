using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Edge.Maintenance.Features;
using Edge.Maintenance.Models;
using Edge.Maintenance.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Edge.Benchmarks;

/// <summary>
/// The gateway's ML.NET scoring path on a small remaining-life model trained in the set-up from the C-MAPSS training
/// file (FastTree, 40 trees, 323 features, with the feature-contribution stage the gateway serves). <see cref="Single"/>
/// is one machine at a window close (<see cref="ModelBundle.Predict"/>: prediction engine, clamp, contributions);
/// <see cref="WindowCloseOf100Machines"/> is 100 machines scored one after the other as the gateway does when a window
/// closes; <see cref="TransformBatchOf100"/> is the same 100 rows through ML.NET's batch <c>Transform</c>, to show
/// what a batch API would gain.
/// </summary>
[MemoryDiagnoser]
public class ModelScoringBenchmarks
{
    private const int Batch = 100;

    private ModelBundle _bundle = null!;
    private float[][] _features = [];
    private MLContext _context = null!;
    private ITransformer _model = null!;
    private SchemaDefinition _schema = null!;
    private BatchRow[] _rows = [];

    [GlobalSetup]
    public void Setup()
    {
        _bundle = BenchmarkData.QuickModel;
        var manifest = _bundle.Manifest;
        var schema = new FeatureSchema(manifest.Channels, manifest.Features!);
        // Real feature vectors: the last cycle of each of the 100 training engines (what the model was fitted on).
        _features = [.. RulTrainer.LastCycleFeatures(BenchmarkData.TrainingEngines(), schema).Take(Batch)];
        if (_features.Length < Batch)
        {
            _features = [.. Enumerable.Range(0, Batch).Select(i => _features[i % _features.Length])];
        }

        _context = new MLContext(seed: 0);
        using (var zip = ZipFile.OpenRead(BenchmarkData.QuickModelPath))
        using (var entry = zip.GetEntry(ModelBundle.ModelEntry)!.Open())
        using (var buffer = new MemoryStream())
        {
            entry.CopyTo(buffer);
            buffer.Position = 0;
            _model = _context.Model.Load(buffer, out _);
        }

        _schema = SchemaDefinition.Create(typeof(BatchRow));
        _schema[nameof(BatchRow.Label)].ColumnType = NumberDataViewType.Single;
        _schema[nameof(BatchRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, manifest.FeatureNames.Count);
        _rows = [.. _features.Select(f => new BatchRow { Features = f })];
    }

    [Benchmark]
    public double Single() => _bundle.Predict(_features[17]).Value;

    [Benchmark(OperationsPerInvoke = Batch)]
    public double WindowCloseOf100Machines()
    {
        double sum = 0;
        foreach (var features in _features)
        {
            sum += _bundle.Predict(features).Value;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public double TransformBatchOf100()
    {
        var scored = _model.Transform(_context.Data.LoadFromEnumerable(_rows, _schema));
        double sum = 0;
        foreach (var score in scored.GetColumn<float>("Score"))
        {
            sum += score;
        }

        return sum;
    }

    private sealed class BatchRow
    {
        public float Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}

using BenchmarkDotNet.Attributes;
using Edge.Contracts;
using Edge.Maintenance.Features;
using Edge.Maintenance.Serving;
using Edge.Maintenance.Training;

namespace Edge.Benchmarks;

/// <summary>
/// Features the gateway computes for one machine at one window close, on C-MAPSS training rows (14 varying channels,
/// default rolling windows 5/10/20/30, two EWMAs, elapsed: 323 features). <see cref="SequenceStep"/> is the shared
/// feature code alone (push the window's means, write the features); <see cref="GatewayWindow"/> is the gateway's
/// per-machine tracker around it (record the window summary, pick the model's channels, compute the features);
/// <see cref="OperatingPoint"/> is the AI4I operating-point features of a failure classifier.
/// </summary>
[MemoryDiagnoser]
public class FeatureExtractionBenchmarks
{
    private SequenceFeatureState _state = null!;
    private double[][] _steps = [];
    private float[] _features = [];
    private MachineTracker _tracker = null!;
    private ServedModel _model = null!;
    private MachineSummary[] _summaries = [];
    private double[] _operatingPoint = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var bundle = BenchmarkData.QuickModel;
        var manifest = bundle.Manifest;
        var schema = new FeatureSchema(manifest.Channels, manifest.Features!);
        var indexes = RulTrainer.ChannelIndexes(manifest.Channels);
        var engine = BenchmarkData.TrainingEngines()[0];
        _steps = [.. engine.Rows.Select(row => indexes.Select(i => row[i]).ToArray())];
        _state = new SequenceFeatureState(schema);
        _features = new float[schema.FeatureCount];
        var start = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        _summaries =
        [
            .. _steps.Select((values, step) => new MachineSummary
            {
                MachineId = "m-001",
                WindowStart = start.AddMinutes(step),
                WindowEnd = start.AddMinutes(step + 1),
                Sensors = [.. manifest.Channels.Select((channel, c) => new SensorSummary
                {
                    Sensor = channel, Count = 60, Mean = values[c], Min = values[c], Max = values[c], StandardDeviation = 0,
                })],
            }),
        ];
        _model = new ServedModel("cmapss-rul.zip", bundle);
        _tracker = new MachineTracker(new MaintenanceOptions());
        // A machine well into its life: every rolling window full, the history at its bound.
        for (var i = 0; i < 600; i++)
        {
            GatewayWindow();
            SequenceStep();
        }

        _operatingPoint = [1, 298.1, 308.6, 1551, 42.8, 108];
    }

    [Benchmark]
    public float SequenceStep()
    {
        _state.Push(_steps[_next]);
        _next = (_next + 1) % _steps.Length;
        _state.WriteFeatures(_features);
        return _features[^1];
    }

    [Benchmark]
    public int GatewayWindow()
    {
        var summary = _summaries[_next];
        _next = (_next + 1) % _summaries.Length;
        _tracker.Add(summary);
        return _tracker.Features(_model).Length;
    }

    [Benchmark]
    public float OperatingPoint() => OperatingPointFeatures.Compute(_operatingPoint)[^1];
}

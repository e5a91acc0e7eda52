using System.Collections.Immutable;
using Edge.Maintenance.History;
using Edge.Maintenance.Models;

namespace Edge.Maintenance.Serving;

/// <summary>
/// The models the gateway serves, by file name. <see cref="Scan"/> loads new and changed files from the models folder;
/// each file is validated (schema version, checksum, smoke prediction) before it replaces the previous model of that
/// name in one atomic swap, so scoring never sees a half-loaded model. A file that fails validation is rejected and the
/// model already serving keeps running. Removed files stop being served. Files whose manifest says they are history
/// models (<see cref="HistoryModel.IsHistoryModel"/>) are served per machine kind (<see cref="HistoryModels"/>), and the
/// models the cloud assigned (verified before they get here) per machine kind and stage (<see cref="Assigned"/>).
/// </summary>
public sealed partial class ModelRegistry
{
    private readonly ILogger<ModelRegistry> _logger;
    private readonly Lock _scanGate = new();
    private ImmutableDictionary<string, ServedModel> _models = ImmutableDictionary<string, ServedModel>.Empty.WithComparers(StringComparer.Ordinal);
    private ImmutableDictionary<string, RejectedModel> _rejected = ImmutableDictionary<string, RejectedModel>.Empty.WithComparers(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Length, DateTime Modified)> _seen = new(StringComparer.Ordinal);
    private ImmutableDictionary<string, ServedHistoryModel> _history = ImmutableDictionary<string, ServedHistoryModel>.Empty.WithComparers(StringComparer.Ordinal);
    private ImmutableDictionary<(string Kind, string Stage), ServedHistoryModel> _assigned = ImmutableDictionary<(string Kind, string Stage), ServedHistoryModel>.Empty;

    public ModelRegistry(ILogger<ModelRegistry> logger)
    {
        _logger = logger;
    }

    /// <summary>Models being served, by file name.</summary>
    public IReadOnlyDictionary<string, ServedModel> Models => Volatile.Read(ref _models);

    /// <summary>History models of the models folder, by file name.</summary>
    public IReadOnlyDictionary<string, ServedHistoryModel> HistoryModels => Volatile.Read(ref _history);

    /// <summary>History models the cloud assigned, by machine kind and stage.</summary>
    public IReadOnlyDictionary<(string Kind, string Stage), ServedHistoryModel> Assigned => Volatile.Read(ref _assigned);

    /// <summary>Files refused at the last attempt, by file name, with the reason.</summary>
    public IReadOnlyDictionary<string, RejectedModel> Rejected => Volatile.Read(ref _rejected);

    /// <summary>Brings the served set in line with <paramref name="directory"/>. Returns how many models were swapped in.</summary>
    public int Scan(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        lock (_scanGate)
        {
            var swapped = 0;
            var files = Directory.Exists(directory)
                ? Directory.GetFiles(directory, "*.zip").Where(path => !Path.GetFileName(path).StartsWith('.')).ToArray()
                : [];
            var present = files.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            foreach (var name in _seen.Keys.Where(name => !present.Contains(name)).ToList())
            {
                _seen.Remove(name);
                ImmutableInterlocked.TryRemove(ref _models, name, out _);
                ImmutableInterlocked.TryRemove(ref _history, name, out _);
                ImmutableInterlocked.TryRemove(ref _rejected, name, out _);
                LogRemoved(name);
            }

            foreach (var path in files)
            {
                var name = Path.GetFileName(path);
                var info = new FileInfo(path);
                var stamp = (info.Length, info.LastWriteTimeUtc);
                if (_seen.TryGetValue(name, out var previous) && previous == stamp)
                {
                    continue;
                }

                _seen[name] = stamp;
                if (TryLoad(name, path))
                {
                    swapped++;
                }
            }

            return swapped;
        }
    }

    /// <summary>Validates <paramref name="path"/> and, if good, serves it under <paramref name="name"/>.</summary>
    public bool TryLoad(string name, string path)
    {
        if (HistoryModel.IsHistoryModel(path))
        {
            return TryLoadHistory(name, path);
        }

        ModelBundle bundle;
        try
        {
            bundle = ModelBundle.Load(path);
        }
        catch (InvalidDataException exception)
        {
            ImmutableInterlocked.AddOrUpdate(ref _rejected, name, new RejectedModel(name, exception.Message), (_, _) => new RejectedModel(name, exception.Message));
            LogRejected(name, exception.Message, Models.TryGetValue(name, out var kept) ? kept.Bundle.Manifest.Version : "none");
            return false;
        }

        var served = new ServedModel(name, bundle);
        ImmutableInterlocked.AddOrUpdate(ref _models, name, served, (_, _) => served);
        ImmutableInterlocked.TryRemove(ref _rejected, name, out _);
        LogSwapped(name, bundle.Manifest.Version, bundle.Manifest.Kind);
        return true;
    }

    /// <summary>Serves <paramref name="model"/> (already verified) for a machine kind at a stage, in place of the one there.</summary>
    public void Assign(string kind, string stage, HistoryModel model, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        var served = new ServedHistoryModel(source, model, kind, stage);
        ImmutableInterlocked.AddOrUpdate(ref _assigned, (kind, stage), served, (_, _) => served);
        ImmutableInterlocked.TryRemove(ref _rejected, source, out _);
        LogAssigned(kind, stage, model.Version);
    }

    public void Unassign(string kind, string stage)
    {
        if (ImmutableInterlocked.TryRemove(ref _assigned, (kind, stage), out var removed))
        {
            LogUnassigned(kind, stage, removed.Model.Version);
        }
    }

    /// <summary>Records a refused model (a cloud download that failed its checks) under <paramref name="name"/>.</summary>
    public void Reject(string name, string reason)
    {
        var rejected = new RejectedModel(name, reason);
        ImmutableInterlocked.AddOrUpdate(ref _rejected, name, rejected, (_, _) => rejected);
    }

    private bool TryLoadHistory(string name, string path)
    {
        HistoryModel model;
        try
        {
            model = HistoryModel.Load(path);
        }
        catch (InvalidDataException exception)
        {
            Reject(name, exception.Message);
            LogRejected(name, exception.Message, HistoryModels.TryGetValue(name, out var kept) ? kept.Model.Version : "none");
            return false;
        }

        // The kind is settled by the one who serves it (a file named after a configured kind serves that kind).
        var served = new ServedHistoryModel(name, model, Path.GetFileNameWithoutExtension(name), ServedHistoryModel.LocalStage);
        ImmutableInterlocked.AddOrUpdate(ref _history, name, served, (_, _) => served);
        ImmutableInterlocked.TryRemove(ref _rejected, name, out _);
        LogSwapped(name, model.Version, "history");
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cloud model for kind {Kind} ({Stage}) is now version {Version}")]
    private partial void LogAssigned(string kind, string stage, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cloud model {Version} for kind {Kind} ({Stage}) no longer assigned")]
    private partial void LogUnassigned(string kind, string stage, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {File} now serving version {Version} ({Kind})")]
    private partial void LogSwapped(string file, string version, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model file {File} rejected: {Reason}. Still serving: {Kept}")]
    private partial void LogRejected(string file, string reason, string kept);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model file {File} removed; no longer served")]
    private partial void LogRemoved(string file);
}

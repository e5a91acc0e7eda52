using System.Collections.Immutable;
using Edge.Maintenance.Models;

namespace Edge.Maintenance.Serving;

/// <summary>
/// The models the gateway serves, by file name. <see cref="Scan"/> loads new and changed files from the models folder;
/// each file is validated (schema version, checksum, smoke prediction) before it replaces the previous model of that
/// name in one atomic swap, so scoring never sees a half-loaded model. A file that fails validation is rejected and the
/// model already serving keeps running. Removed files stop being served.
/// </summary>
public sealed partial class ModelRegistry
{
    private readonly ILogger<ModelRegistry> _logger;
    private readonly Lock _scanGate = new();
    private ImmutableDictionary<string, ServedModel> _models = ImmutableDictionary<string, ServedModel>.Empty.WithComparers(StringComparer.Ordinal);
    private ImmutableDictionary<string, RejectedModel> _rejected = ImmutableDictionary<string, RejectedModel>.Empty.WithComparers(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Length, DateTime Modified)> _seen = new(StringComparer.Ordinal);

    public ModelRegistry(ILogger<ModelRegistry> logger)
    {
        _logger = logger;
    }

    /// <summary>Models being served, by file name.</summary>
    public IReadOnlyDictionary<string, ServedModel> Models => Volatile.Read(ref _models);

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {File} now serving version {Version} ({Kind})")]
    private partial void LogSwapped(string file, string version, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model file {File} rejected: {Reason}. Still serving: {Kept}")]
    private partial void LogRejected(string file, string reason, string kept);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model file {File} removed; no longer served")]
    private partial void LogRemoved(string file);
}

namespace Edge.Maintenance.History;

/// <summary>
/// A history CSV file refused: <see cref="Errors"/> holds the first 10 problems, each starting with its line number.
/// A <see cref="FormatException"/> (<see cref="InvalidDataException"/> is sealed and cannot be derived from).
/// </summary>
public sealed class HistoryCsvException : FormatException
{
    public const int MaximumListed = 10;

    public HistoryCsvException()
    {
        Errors = [];
    }

    public HistoryCsvException(string message)
        : base(message)
    {
        Errors = [message];
    }

    public HistoryCsvException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public HistoryCsvException(string file, IReadOnlyList<string> errors, int totalErrors)
        : base(Format(file, errors, totalErrors))
    {
        ArgumentNullException.ThrowIfNull(errors);
        Errors = errors;
        File = file;
        TotalErrors = totalErrors;
    }

    public IReadOnlyList<string> Errors { get; }

    public string? File { get; }

    public int TotalErrors { get; }

    private static string Format(string file, IReadOnlyList<string> errors, int total) =>
        $"{file}: {total} malformed row(s), file refused. First {errors.Count}:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}";
}

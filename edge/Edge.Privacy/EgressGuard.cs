using System.Text.Json;
using System.Text.RegularExpressions;
using Edge.Contracts;
using Edge.StoreForward.Outbox;
using Microsoft.Extensions.Options;

namespace Edge.Privacy;

/// <summary>
/// The last check before the outbox, as the outbox writer every producer is given: the host wires it around the
/// outbox, so each outbound record passes it exactly once and no producer can reach the outbox around it. Accepts only the closed set of contract message types, then serializes the
/// message exactly as the outbox will and inspects every string on the wire, property names included (dictionary
/// keys travel as names): anything shaped like a MAC address, a UUID that is not one of the store's own beacons, or
/// a long run of hex digits (advertisement payload bytes) rejects the message. Rejections are counted and logged
/// with their reason only, never with the value.
/// </summary>
public sealed partial class EgressGuard : IOutboxWriter
{
    private static readonly HashSet<Type> s_contractTypes =
        [typeof(MachineSummary), typeof(FailureAlert), typeof(FootfallReport), typeof(GatewayHealth)];

    private readonly IOutboxWriter _outbox;
    private readonly HashSet<string> _allowListedUuids;
    private readonly PrivacyCounters _counters;
    private readonly ILogger<EgressGuard> _logger;

    public EgressGuard(IOutboxWriter outbox, IOptions<PrivacyOptions> options, PrivacyCounters counters, ILogger<EgressGuard> logger)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(options);
        _outbox = outbox;
        _allowListedUuids = new HashSet<string>(
            options.Value.AllowListedBeaconUuids.Select(Normalize),
            StringComparer.Ordinal);
        _counters = counters;
        _logger = logger;
    }

    /// <summary>Inspects <paramref name="message"/>; a rejection is counted and logged.</summary>
    public EgressVerdict Inspect(UplinkMessage message)
    {
        var verdict = Evaluate(message);
        if (!verdict.Accepted)
        {
            _counters.Increment(PrivacyCounter.EgressRejected);
            LogRejected(_logger, message?.GetType().Name ?? "null", verdict.Reason!);
        }

        return verdict;
    }

    /// <summary>
    /// Passes every message that the guard accepts to the outbox in one transaction; a refused message is counted, logged
    /// with its reason only, never stored, and its sequence is -1. The rest of the batch is committed as usual.
    /// </summary>
    public IReadOnlyList<long> Append(IReadOnlyList<UplinkMessage> messages, bool? clockSynchronized = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var admitted = new List<UplinkMessage>(messages.Count);
        var positions = new List<int>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            if (Inspect(messages[i]).Accepted)
            {
                admitted.Add(messages[i]);
                positions.Add(i);
            }
        }

        if (admitted.Count == messages.Count)
        {
            return _outbox.Append(messages, clockSynchronized);
        }

        var stored = admitted.Count == 0 ? [] : _outbox.Append(admitted, clockSynchronized);
        var sequences = new long[messages.Count];
        Array.Fill(sequences, -1L);
        for (var i = 0; i < positions.Count; i++)
        {
            sequences[positions[i]] = stored[i];
        }

        return sequences;
    }

    private EgressVerdict Evaluate(UplinkMessage? message)
    {
        if (message is null)
        {
            return EgressVerdict.Reject("null message");
        }

        if (!s_contractTypes.Contains(message.GetType()))
        {
            return EgressVerdict.Reject($"type {message.GetType().Name} is not a contract message");
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(message, ContractsJsonContext.Default.UplinkMessage);
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
            {
                // Timestamps and durations serialize as strings whose fractional seconds are a long digit run; their
                // strict formats cannot carry an address, so they are not judged as free text.
                if (reader.TokenType == JsonTokenType.String && IsTimeValue(ref reader))
                {
                    continue;
                }

                var reason = Check(reader.GetString()!);
                if (reason is not null)
                {
                    return EgressVerdict.Reject($"{(reader.TokenType == JsonTokenType.PropertyName ? "a field name" : "a string value")} {reason}");
                }
            }
        }

        return EgressVerdict.Accept;
    }

    private static bool IsTimeValue(ref Utf8JsonReader reader) =>
        reader.TryGetDateTimeOffset(out _) ||
        TimeSpan.TryParseExact(reader.GetString(), "c", System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>Why <paramref name="value"/> may not leave, or null when it may.</summary>
    internal string? Check(string value)
    {
        if (MacPattern().IsMatch(value))
        {
            return "looks like a MAC address";
        }

        var withoutAllowed = value;
        foreach (Match match in UuidPattern().Matches(value))
        {
            if (!_allowListedUuids.Contains(Normalize(match.Value)))
            {
                return "holds a UUID that is not an allow-listed store beacon";
            }

            withoutAllowed = withoutAllowed.Replace(match.Value, "-", StringComparison.Ordinal);
        }

        return SafeLabel.LooksLikeDeviceIdentifier(withoutAllowed) ? "holds a long run of hex digits (identifier or payload bytes)" : null;
    }

    private static string Normalize(string uuid) => uuid.Trim().Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    [GeneratedRegex("[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\\1[0-9A-Fa-f]{2}){4}")]
    private static partial Regex MacPattern();

    [GeneratedRegex("[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}")]
    private static partial Regex UuidPattern();

    [LoggerMessage(EventId = 7301, Level = LogLevel.Warning, Message = "Egress guard rejected a {MessageType}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string messageType, string reason);
}

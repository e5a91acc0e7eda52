using System.Text.Json;
using System.Text.RegularExpressions;
using Edge.Contracts;
using Edge.Gateway.Outbox;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Privacy;

/// <summary>
/// The last check before the outbox. Accepts only the closed set of contract message types, then serializes the
/// message exactly as the outbox will and inspects every string on the wire, property names included (dictionary
/// keys travel as names): anything shaped like a MAC address, a UUID that is not one of the store's own beacons, or
/// a long run of hex digits (advertisement payload bytes) rejects the message. Rejections are counted and logged
/// with their reason only, never with the value.
/// </summary>
public sealed partial class EgressGuard
{
    private static readonly HashSet<Type> s_contractTypes =
        [typeof(MachineSummary), typeof(FailureAlert), typeof(FootfallReport), typeof(GatewayHealth)];

    private readonly HashSet<string> _allowListedUuids;
    private readonly PrivacyCounters _counters;
    private readonly ILogger<EgressGuard> _logger;

    public EgressGuard(IOptions<PrivacyOptions> options, PrivacyCounters counters, ILogger<EgressGuard> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
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
    /// Appends <paramref name="messages"/> to <paramref name="outbox"/> only if every one passes; otherwise nothing is
    /// appended and <see cref="EgressRejectedException"/> names the first rejected message and why.
    /// </summary>
    public IReadOnlyList<long> Append(SqliteOutbox outbox, IReadOnlyList<UplinkMessage> messages, bool clockSynchronized = true)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(messages);
        for (var i = 0; i < messages.Count; i++)
        {
            var verdict = Inspect(messages[i]);
            if (!verdict.Accepted)
            {
                throw new EgressRejectedException($"Egress guard rejected message {i} ({messages[i]?.GetType().Name}): {verdict.Reason}. Nothing was appended.");
            }
        }

        return outbox.Append(messages, clockSynchronized);
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
                var reason = Check(reader.GetString()!);
                if (reason is not null)
                {
                    return EgressVerdict.Reject($"{(reader.TokenType == JsonTokenType.PropertyName ? "a field name" : "a string value")} {reason}");
                }
            }
        }

        return EgressVerdict.Accept;
    }

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

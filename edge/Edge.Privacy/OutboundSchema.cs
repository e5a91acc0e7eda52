using System.Text.Json.Serialization.Metadata;
using Edge.Contracts;

namespace Edge.Privacy;

/// <summary>
/// Lists the fields of every outbound message from the contract serializer's metadata (the same metadata that
/// writes the bytes), so the transparency report cannot drift from what is sent.
/// </summary>
internal static class OutboundSchema
{
    private static readonly (string Kind, Type Type)[] s_messages =
    [
        (MessageKinds.MachineSummary, typeof(MachineSummary)),
        (MessageKinds.FailureAlert, typeof(FailureAlert)),
        (MessageKinds.FootfallReport, typeof(FootfallReport)),
        (MessageKinds.GatewayHealth, typeof(GatewayHealth)),
    ];

    public static IReadOnlyList<OutboundTopic> Topics(string gatewayId)
    {
        var topics = new List<OutboundTopic>(s_messages.Length);
        foreach (var (kind, type) in s_messages)
        {
            var fields = new List<OutboundField>();
            foreach (var field in FieldsOf(typeof(UplinkEnvelope), string.Empty))
            {
                if (field.Path != "message")
                {
                    fields.Add(field);
                }
            }

            fields.Add(new OutboundField("message.kind", $"\"{kind}\""));
            fields.AddRange(FieldsOf(type, "message."));
            topics.Add(new OutboundTopic(kind, UplinkTopics.For(gatewayId, kind), fields));
        }

        // A backlog drains several records per publish: the same envelopes, wrapped in a list.
        var batch = new List<OutboundField>();
        foreach (var field in FieldsOf(typeof(UplinkBatch), string.Empty))
        {
            if (!field.Path.StartsWith("records[].message", StringComparison.Ordinal))
            {
                batch.Add(field);
            }
        }

        batch.Add(new OutboundField("records[].message", "one of the messages above, as sent alone"));
        topics.Add(new OutboundTopic(UplinkTopics.Batch, UplinkTopics.BatchFor(gatewayId), batch));
        return topics;
    }

    /// <summary>Fields of <paramref name="type"/> as the contract serializer writes them, nested types expanded.</summary>
    public static IEnumerable<OutboundField> FieldsOf(Type type, string prefix)
    {
        var info = ContractsJsonContext.Default.GetTypeInfo(type)
            ?? throw new InvalidOperationException($"{type.Name} is not a contract type.");
        foreach (var property in info.Properties)
        {
            if (property.Get is null)
            {
                // Ignored by the serializer (computed helpers such as a cell's mean dwell): never on the wire.
                continue;
            }

            var path = prefix + property.Name;
            var (elementType, suffix) = Element(property.PropertyType);
            if (IsContractRecord(elementType))
            {
                foreach (var nested in FieldsOf(elementType, path + suffix + "."))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return new OutboundField(path + suffix, Describe(elementType));
            }
        }
    }

    private static (Type Element, string Suffix) Element(Type type)
    {
        if (type != typeof(string) && type.IsGenericType)
        {
            var arguments = type.GetGenericArguments();
            var definition = type.GetGenericTypeDefinition();
            if (arguments.Length == 2 && (definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>)))
            {
                return (arguments[1], "{name}");
            }

            if (arguments.Length == 1 && definition != typeof(Nullable<>))
            {
                return (arguments[0], "[]");
            }
        }

        return type.IsArray ? (type.GetElementType()!, "[]") : (type, string.Empty);
    }

    private static bool IsContractRecord(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace == typeof(UplinkMessage).Namespace;

    private static string Describe(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        var optional = underlying is not null ? " (optional)" : string.Empty;
        type = underlying ?? type;
        var name = type switch
        {
            _ when type == typeof(string) => "string (label checked by SafeLabel)",
            _ when type == typeof(int) || type == typeof(long) => "integer",
            _ when type == typeof(double) || type == typeof(float) => "number",
            _ when type == typeof(bool) => "boolean",
            _ when type == typeof(DateTimeOffset) => "timestamp",
            _ when type == typeof(DateOnly) => "date",
            _ when type == typeof(TimeSpan) => "duration",
            _ when type.IsEnum => "one of " + string.Join('|', Enum.GetNames(type)),
            _ => type.Name,
        };
        return name + optional;
    }

    /// <summary>Exposed for tests: the metadata of a contract type.</summary>
    internal static JsonTypeInfo InfoOf(Type type) => ContractsJsonContext.Default.GetTypeInfo(type)!;
}

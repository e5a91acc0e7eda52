using System.Reflection;
using Edge.Contracts;

namespace Edge.Contracts.Tests;

/// <summary>
/// The contracts must not be able to carry a raw device identifier. These tests walk every type reachable from
/// <see cref="UplinkEnvelope"/> or <see cref="UplinkBatch"/> and fail when a field could hold bytes or an identifier-shaped value.
/// </summary>
public sealed class ContractShapeTests
{
    private static readonly string[] s_forbiddenWords = ["mac", "address", "uuid", "major", "minor", "payload", "rssi", "raw", "hash", "pseudonym", "bluetooth", "ble"];

    private static readonly HashSet<Type> s_allowedLeafTypes =
    [
        typeof(string), typeof(int), typeof(long), typeof(double), typeof(bool), typeof(DateTimeOffset), typeof(DateOnly), typeof(TimeSpan),
        typeof(PriorityClass),
    ];

    [Fact]
    public void ContractTypes_HaveOnlyPlainFieldsAndNoIdentifierNames()
    {
        var problems = new List<string>();
        foreach (var (owner, property) in AllProperties())
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var words = System.Text.RegularExpressions.Regex.Split(property.Name, "(?<!^)(?=[A-Z])").Select(word => word.ToLowerInvariant());
            if (words.Any(s_forbiddenWords.Contains))
            {
                problems.Add($"{owner.Name}.{property.Name}: name suggests a device identifier");
            }

            if (!s_allowedLeafTypes.Contains(type) && !IsContractType(type) && !IsListOfContractType(type))
            {
                problems.Add($"{owner.Name}.{property.Name}: type {type.Name} is not a plain field");
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void UplinkMessage_DerivedTypes_AreExactlyTheDeclaredKinds()
    {
        var derived = typeof(UplinkMessage).Assembly.GetTypes()
            .Where(type => type.IsSubclassOf(typeof(UplinkMessage)) && !type.IsAbstract)
            .Select(type => type.Name)
            .Order()
            .ToList();

        Assert.Equal(["FailureAlert", "FootfallReport", "GatewayHealth", "MachineSummary"], derived);
    }

    [Theory]
    [InlineData("press-01", true)]
    [InlineData("zone.entrance", true)]
    [InlineData("AA:BB:CC:DD:EE:FF", false)]
    [InlineData("aabbccddeeff", false)]
    [InlineData("2f234454-cf6d-4a0f-adf2-f4911ba9ffa6", false)]
    [InlineData("machine 1", false)]
    [InlineData("", false)]
    public void SafeLabel_IsValid_AcceptsLabelsAndRefusesIdentifierShapes(string value, bool expected)
    {
        Assert.Equal(expected, SafeLabel.IsValid(value, out _));
    }

    private static IEnumerable<(Type Owner, PropertyInfo Property)> AllProperties()
    {
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>([typeof(UplinkEnvelope), typeof(UplinkBatch), .. typeof(UplinkMessage).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(UplinkMessage)))]);
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is not null)
                {
                    continue;
                }

                yield return (type, property);
                var propertyType = property.PropertyType;
                if (IsListOfContractType(propertyType) && propertyType.GetGenericArguments()[0] != typeof(string))
                {
                    pending.Enqueue(propertyType.GetGenericArguments()[0]);
                }
                else if (IsContractType(propertyType))
                {
                    pending.Enqueue(propertyType);
                }
            }
        }
    }

    private static bool IsContractType(Type type) => type.Assembly == typeof(UplinkMessage).Assembly && type.IsClass;

    private static bool IsListOfContractType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) && (IsContractType(type.GetGenericArguments()[0]) || type.GetGenericArguments()[0] == typeof(string));
}

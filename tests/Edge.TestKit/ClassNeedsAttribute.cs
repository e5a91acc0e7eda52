using Xunit;
using Xunit.Sdk;

namespace Edge.TestKit;

/// <summary>
/// Programs every <see cref="NeedsFactAttribute"/> and <see cref="NeedsTheoryAttribute"/> test of this class needs,
/// inherited ones included: the PostgreSQL subclass of a store contract declares PostgreSQL, the SQLite one nothing.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class ClassNeedsAttribute(params string[] programs) : Attribute
{
    public IReadOnlyList<string> Programs { get; } = programs;

    internal static string? SkipReason(Type testClass) =>
        testClass.GetCustomAttributes(typeof(ClassNeedsAttribute), inherit: true) is [ClassNeedsAttribute needs, ..]
            ? Installed.SkipReason(needs.Programs)
            : null;
}

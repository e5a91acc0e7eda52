using Xunit.Abstractions;
using Xunit.Sdk;

namespace Edge.TestKit;

/// <summary>Discovers <see cref="NeedsFactAttribute"/> tests as <see cref="NeedsTestCase"/>s.</summary>
public sealed class NeedsFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new NeedsTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}

/// <summary>Discovers <see cref="NeedsTheoryAttribute"/> tests: one skipped case when the class's programs are missing.</summary>
public sealed class NeedsTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        return ClassNeedsAttribute.SkipReason(testMethod.TestClass.Class.ToRuntimeType()) is null
            ? base.Discover(discoveryOptions, testMethod, theoryAttribute)
            : [new NeedsTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
    }
}

/// <summary>A test case skipped when its attribute's programs, or its class's <see cref="ClassNeedsAttribute"/> programs, are missing.</summary>
public sealed class NeedsTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public NeedsTestCase()
    {
    }

    public NeedsTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        base.GetSkipReason(factAttribute) ?? ClassNeedsAttribute.SkipReason(TestMethod.TestClass.Class.ToRuntimeType())!;
}

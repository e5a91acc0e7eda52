using Xunit.Abstractions;
using Xunit.Sdk;

namespace Edge.TestKit;

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

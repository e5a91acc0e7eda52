using Xunit.Abstractions;
using Xunit.Sdk;

namespace Edge.TestKit;

/// <summary>Discovers <see cref="NeedsFactAttribute"/> tests as <see cref="NeedsTestCase"/>s.</summary>
public sealed class NeedsFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new NeedsTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}

using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Edge.TestKit;

/// <summary>
/// xUnit v2 reports a skipped theory as one test; this reports one skipped test per data row, as many as run when the
/// measurement is switched on, so the counts do not change with the environment.
/// </summary>
public sealed class MeasurementTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForSkip(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, string skipReason)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        var rows = new List<IXunitTestCase>();
        foreach (var data in testMethod.Method.GetCustomAttributes(typeof(DataAttribute)))
        {
            var discovererAttribute = data.GetCustomAttributes(typeof(DataDiscovererAttribute)).First();
            var discoverer = ExtensibilityPointFactory.GetDataDiscoverer(DiagnosticMessageSink, discovererAttribute);
            if (!discoverer.SupportsDiscoveryEnumeration(data, testMethod.Method) || discoverer.GetData(data, testMethod.Method) is not { } dataRows)
            {
                return base.CreateTestCasesForSkip(discoveryOptions, testMethod, theoryAttribute, skipReason);
            }

            rows.AddRange(dataRows.Select(row => new XunitSkippedDataRowTestCase(
                DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, skipReason, row)));
        }

        return rows.Count > 0 ? rows : base.CreateTestCasesForSkip(discoveryOptions, testMethod, theoryAttribute, skipReason);
    }
}

using Microsoft.Extensions.Options;

namespace Edge.Privacy;

/// <summary>What footfall release computes with (configuration, calendar, ledger, randomness, clock, counters), grouped to keep constructors short.</summary>
internal sealed record FootfallReleaserDependencies(
    IOptions<PrivacyOptions> Options,
    FootfallCalendar Calendar,
    PrivacyLedger Ledger,
    UniformSource Random,
    TimeProvider TimeProvider,
    PrivacyCounters Counters);

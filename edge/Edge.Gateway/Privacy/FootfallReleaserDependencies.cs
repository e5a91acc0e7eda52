using Microsoft.Extensions.Options;

namespace Edge.Gateway.Privacy;

/// <summary>What the releaser computes with (configuration, calendar, ledger, randomness, clock), grouped to keep its constructor short.</summary>
internal sealed record FootfallReleaserDependencies(
    IOptions<PrivacyOptions> Options,
    FootfallCalendar Calendar,
    PrivacyLedger Ledger,
    UniformSource Random,
    TimeProvider TimeProvider);

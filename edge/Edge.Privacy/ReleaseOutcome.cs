namespace Edge.Privacy;

/// <summary>Result of asking the ledger to record a release.</summary>
internal enum ReleaseOutcome
{
    /// <summary>Budget spent and report stored in one transaction.</summary>
    Recorded,

    /// <summary>This release was recorded before: nothing spent, the stored report stands.</summary>
    AlreadyReleased,

    /// <summary>Refused: the day's epsilon would be exceeded. Counted.</summary>
    OverBudget,
}

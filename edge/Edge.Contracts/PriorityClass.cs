namespace Edge.Contracts;

/// <summary>Outbox classes in drain order. Alerts are never dropped; health is dropped first.</summary>
public enum PriorityClass
{
    Alert = 0,
    Footfall = 1,
    MachineSummary = 2,
    Health = 3,
}

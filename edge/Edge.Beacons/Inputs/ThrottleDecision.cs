namespace Edge.Beacons.Inputs;

internal enum ThrottleDecision
{
    Accept,
    Duplicate,
    Full,
}

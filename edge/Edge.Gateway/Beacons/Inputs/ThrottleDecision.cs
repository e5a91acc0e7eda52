namespace Edge.Gateway.Beacons.Inputs;

internal enum ThrottleDecision
{
    Accept,
    Duplicate,
    Full,
}

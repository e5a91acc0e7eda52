namespace Edge.Maintenance.Data;

/// <summary>
/// One row of the AI4I 2020 data set, with only the columns a model may see. UDI, Product ID and the failure-mode
/// flags (TWF, HDF, PWF, OSF, RNF) are not kept: the flags give the label away, the identifiers only index rows.
/// </summary>
public sealed record Ai4iRecord(
    char ProductType,
    double AirTemperatureKelvin,
    double ProcessTemperatureKelvin,
    double RotationalSpeedRpm,
    double TorqueNewtonMeters,
    double ToolWearMinutes,
    bool MachineFailure);

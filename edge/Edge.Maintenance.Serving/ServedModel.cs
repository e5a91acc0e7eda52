using Edge.Maintenance.Models;

namespace Edge.Maintenance.Serving;

/// <summary>A validated model in service, under the file name it was loaded from.</summary>
public sealed record ServedModel(string File, ModelBundle Bundle);

/// <summary>A model file that failed validation, and why.</summary>
public sealed record RejectedModel(string File, string Reason);

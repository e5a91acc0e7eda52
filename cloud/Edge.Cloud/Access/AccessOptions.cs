namespace Edge.Cloud.Access;

/// <summary>Section <c>Cloud</c> (access keys).</summary>
public sealed class AccessOptions
{
    /// <summary>
    /// When false, anonymous requests see and may change everything (a trial on one machine, the demo, tests).
    /// <c>Program</c> (production) defaults it to true; <c>CloudHost.Build</c> used in process defaults it to false.
    /// </summary>
    public bool RequireLogin { get; set; }

    /// <summary>Seeds demo accounts (demo-engineer, demo-operator, demo-admin) with random passwords printed at start-up.</summary>
    public bool DemoUsers { get; set; }

    /// <summary>PBKDF2 iterations for new passwords.</summary>
    public int PasswordIterations { get; set; } = PasswordHasher.DefaultIterations;

    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}

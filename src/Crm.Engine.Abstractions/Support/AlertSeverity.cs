namespace Crm.Engine.Support;

/// <summary>How much an alert matters.</summary>
public enum AlertSeverity
{
    /// <summary>Worth a look.</summary>
    Info,

    /// <summary>Needs attention soon.</summary>
    Warning,

    /// <summary>Needs attention now.</summary>
    Critical,
}

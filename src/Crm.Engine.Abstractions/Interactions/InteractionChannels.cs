namespace Crm.Engine;

/// <summary>
/// Lists the well-known channel names. Channel plugins may use their own names as well.
/// </summary>
public static class InteractionChannels
{
    /// <summary>Email.</summary>
    public const string Email = "email";

    /// <summary>A phone call.</summary>
    public const string Phone = "phone";

    /// <summary>A text message.</summary>
    public const string Sms = "sms";

    /// <summary>Live chat or a messenger.</summary>
    public const string Chat = "chat";

    /// <summary>A social network.</summary>
    public const string Social = "social";

    /// <summary>A meeting in person or online.</summary>
    public const string Meeting = "meeting";

    /// <summary>A web form or the website.</summary>
    public const string Web = "web";
}

namespace Crm.Plugins.Channels.Email;

/// <summary>Chooses how the email channel hands messages on.</summary>
public enum EmailChannelMode
{
    /// <summary>
    /// Writes each message as an RFC 5322 <c>.eml</c> file into <see cref="EmailChannelOptions.PickupDirectory"/>;
    /// needs no server, so it is the default (a local MTA, a test or a person can pick the files up).
    /// </summary>
    Pickup = 0,

    /// <summary>Sends each message to the SMTP server described by <see cref="EmailChannelOptions.Smtp"/>.</summary>
    Smtp = 1,
}

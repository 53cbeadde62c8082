namespace Crm.Plugins.Channels.Chat;

/// <summary>
/// Recognizes what an incoming webhook can post to: a channel or user id (<c>C0123ABCD</c>, <c>U0123ABCD</c>), or a
/// legacy <c>#channel-name</c> or <c>@user.name</c>.
/// </summary>
internal static class ChatRecipient
{
    private const int MaxLength = 80;

    public static bool IsValid(string recipient)
    {
        if (recipient.Length is 0 or > MaxLength)
        {
            return false;
        }

        var name = recipient[0] is '#' or '@' ? recipient.AsSpan(1) : recipient.AsSpan();
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}

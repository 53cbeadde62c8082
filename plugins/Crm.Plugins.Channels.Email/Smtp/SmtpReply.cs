namespace Crm.Plugins.Channels.Email.Smtp;

/// <summary>One SMTP reply: the three-digit code and its text lines (continuation lines included).</summary>
/// <param name="Code">The reply code, such as 250.</param>
/// <param name="Lines">The text after the code on each line.</param>
internal sealed record SmtpReply(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>Gets a value indicating whether the reply is a positive completion (2xx).</summary>
    public bool IsSuccess => Code is >= 200 and < 300;

    /// <summary>Gets the text of the first line.</summary>
    public string Text => Lines.Count > 0 ? Lines[0] : "";
}

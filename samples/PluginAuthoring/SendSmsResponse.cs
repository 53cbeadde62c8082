namespace Acme.SmsGateway;

/// <summary>The gateway's answer to an accepted message.</summary>
internal sealed record SendSmsResponse(string Id);

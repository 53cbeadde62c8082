namespace Acme.SmsGateway;

/// <summary>The gateway's send request.</summary>
internal sealed record SendSmsRequest(string To, string From, string Text, string ClientReference);

namespace Crm.Engine.Channels;

/// <summary>Why a webhook request was not accepted.</summary>
public enum InboundRejectionKind
{
    /// <summary>The signature is missing, stale or wrong: the request may be forged. Nothing is recorded.</summary>
    InvalidSignature = 1,

    /// <summary>The payload cannot be parsed or lacks required fields.</summary>
    Malformed = 2,

    /// <summary>The payload is valid but of a kind the handler does not process (an unsupported event type).</summary>
    Unsupported = 3,
}

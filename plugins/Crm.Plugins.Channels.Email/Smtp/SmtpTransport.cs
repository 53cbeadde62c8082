using System.Net;
using Crm.Engine.Channels;
using Crm.Plugins.Channels.Email.Mime;
using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Channels.Email.Smtp;

/// <summary>Sends composed messages through an SMTP server with a small pool of sessions.</summary>
internal sealed class SmtpTransport : IEmailTransport
{
    private readonly SmtpConnectionPool _pool;
    private readonly ILogger _logger;

    public SmtpTransport(SmtpOptions options, TimeProvider time, ILogger logger)
    {
        _pool = new SmtpConnectionPool(options, ClientName(options), time);
        _logger = logger;
    }

    public string Name => "smtp";

    public async ValueTask<DeliveryResult> SendAsync(string tenantId, string idempotencyKey, ComposedEmail email, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SmtpConnection? connection = null;
        try
        {
            connection = await _pool.RentAsync(cancellationToken).ConfigureAwait(false);
            await connection.SendAsync(email.EnvelopeFrom, email.Recipient, email.Content, cancellationToken).ConfigureAwait(false);
            await _pool.ReturnAsync(connection).ConfigureAwait(false);
            connection = null;
            return DeliveryResult.Delivered(email.MessageId);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && SmtpFailures.ToResult(exception) is { } result)
        {
            if (connection is not null)
            {
                // A refused command leaves the session usable (the next rent resets it); anything else closes it.
                await _pool.ReturnAsync(connection).ConfigureAwait(false);
                connection = null;
            }

            if (exception is SmtpCommandException { Phase: SmtpPhase.Authenticate or SmtpPhase.StartTls or SmtpPhase.Hello or SmtpPhase.Connect } or System.Security.Authentication.AuthenticationException)
            {
                EmailLog.SmtpSessionFailed(_logger, email.MessageId, result.FailureReason!);
            }
            else
            {
                EmailLog.SmtpSendFailed(_logger, email.MessageId, result.FailureKind, result.FailureReason!);
            }

            return result;
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is not OperationCanceledException)
        {
            // Cancelling tears the connection down under the exchange; report the cancellation, not the broken pipe.
            throw new OperationCanceledException("The send was cancelled.", exception, cancellationToken);
        }
        finally
        {
            if (connection is not null)
            {
                // Cancelled or failed mid-exchange: the session state is unknown, so close it.
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    private static string ClientName(SmtpOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ClientName))
        {
            return options.ClientName.Trim();
        }

        var host = Dns.GetHostName();
        return EmailAddress.TryNormalizeDomain(host, out var name) ? name : "[127.0.0.1]";
    }
}

using Crm.Engine.Channels;
using Crm.Plugins.Channels.Email.Mime;
using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Channels.Email.Pickup;

/// <summary>
/// Writes each message as an <c>.eml</c> file into a folder. The file is written under a temporary name and then
/// renamed without overwriting, so readers never see half a message and a resend with the same key changes nothing.
/// </summary>
internal sealed class PickupFolderTransport : IEmailTransport
{
    private const string TempPrefix = ".tmp-";
    private readonly string _directory;
    private readonly ILogger _logger;

    public PickupFolderTransport(string directory, ILogger logger)
    {
        _directory = Path.GetFullPath(directory);
        _logger = logger;
    }

    public string Name => "pickup";

    /// <summary>Gets the full path of the folder.</summary>
    public string Directory => _directory;

    public async ValueTask<DeliveryResult> SendAsync(string tenantId, string idempotencyKey, ComposedEmail email, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fileName = PickupFileNames.For(tenantId, idempotencyKey);
        var target = Path.Combine(_directory, fileName);
        if (File.Exists(target))
        {
            EmailLog.PickupAlreadyWritten(_logger, fileName);
            return DeliveryResult.Delivered(email.MessageId);
        }

        var temp = Path.Combine(_directory, TempPrefix + Guid.NewGuid().ToString("N") + PickupFileNames.Extension);
        try
        {
            System.IO.Directory.CreateDirectory(_directory);
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(email.Content, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temp, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // Another writer (another process, same key) got there first: the message is already in the folder.
                EmailLog.PickupAlreadyWritten(_logger, fileName);
            }

            return DeliveryResult.Delivered(email.MessageId);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            EmailLog.PickupWriteFailed(_logger, _directory, exception.GetType().Name, exception);
            return DeliveryResult.Failed(DeliveryFailureKind.Transient, $"Could not write to the pickup folder ({exception.GetType().Name}).");
        }
        finally
        {
            TryDelete(temp);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover temporary file is ignored by readers (dot prefix) and harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}

using System.Net.Http.Headers;

namespace Crm.Plugins.Channels.Social;

/// <summary>
/// The HTTP side of the channel: one <see cref="HttpClient"/> with the bearer token, a per-request timeout on the
/// injected clock, bounded bodies, and the rate-limit gate every answer updates.
/// </summary>
internal sealed class MastodonApi : IDisposable
{
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    public MastodonApi(SocialChannelOptions options, TimeProvider time)
    {
        var root = options.InstanceUrl!;
        BaseAddress = root.AbsoluteUri.EndsWith('/') ? root : new Uri(root.AbsoluteUri + "/");
        _timeout = options.Timeout;
        _time = time;
        Gate = new RateLimitGate(time);

        // Redirects are not followed: the token must only ever reach the configured server.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = BaseAddress,
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.AccessToken);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Crm.Plugins.Channels.Social", "0.1"));
    }

    public Uri BaseAddress { get; }

    public RateLimitGate Gate { get; }

    public TimeSpan Timeout => _timeout;

    /// <summary>Tells whether a URL (a <c>Link</c> target) is on the configured server, the only place the token may go.</summary>
    public bool IsSameOrigin(Uri url) =>
        url.IsAbsoluteUri
        && string.Equals(url.Scheme, BaseAddress.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.IdnHost, BaseAddress.IdnHost, StringComparison.OrdinalIgnoreCase)
        && url.Port == BaseAddress.Port;

    /// <summary>Sends a request; returns the answer, or why there was none. Throws only when the caller cancels.</summary>
    public async Task<ApiAnswer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            Gate.Observe(response.StatusCode, response.Headers);
            var body = await ReadBodyAsync(response.Content, linked.Token).ConfigureAwait(false);
            var link = response.Headers.TryGetValues("Link", out var links) ? string.Join(", ", links) : null;
            return body is null
                ? ApiAnswer.NoAnswer($"the answer was larger than {MaxBodyBytes / 1024 / 1024} MiB")
                : new ApiAnswer(response.StatusCode, body, link, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ApiAnswer.NoAnswer($"no answer within {_timeout}");
        }
        catch (HttpRequestException exception)
        {
            // Only the error kind: the message can quote the URL.
            return ApiAnswer.NoAnswer($"unreachable ({exception.HttpRequestError})");
        }
    }

    public void Dispose() => _http.Dispose();

    private static async Task<byte[]?> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}

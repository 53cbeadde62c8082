using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Crm.Engine.Tests.Analytics.Browser;

/// <summary>
/// Starts the system's headless Chromium (Debian's <c>chromium</c> package; <c>CRM_CHROMIUM</c> overrides the path)
/// and drives one page over the DevTools protocol: no browser download, no driver, nothing from the network.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentQueue<JsonObject> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Gets the protocol events received so far (console calls, exceptions, log entries, requests).</summary>
    public IReadOnlyCollection<JsonObject> Events => _events;

    public static string? FindExecutable()
    {
        var configured = Environment.GetEnvironmentVariable("CRM_CHROMIUM");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        return new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);
    }

    public static async Task<HeadlessChromium> StartAsync(string executable)
    {
        var profile = Path.Combine(Path.GetTempPath(), "crm-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // --no-sandbox: CI runs as root. The proxy points nowhere, so any network fetch would fail and show up.
        foreach (var argument in new[]
        {
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--proxy-server=127.0.0.1:9", "--remote-debugging-port=0", "--window-size=1280,900",
            "--user-data-dir=" + profile, "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // Chromium announces "DevTools listening on ws://127.0.0.1:<port>/..." on stderr once it listens: that line is
        // the signal to connect (no polling of its DevToolsActivePort file).
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.ErrorDataReceived += (_, e) =>
        {
            const string Prefix = "DevTools listening on ";
            if (e.Data is { } line && line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(line[Prefix.Length..].Trim()));
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"Chromium exited with code {process.ExitCode} before it listened."));
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {executable}.");
        }

        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new HeadlessChromium(process, profile);
        try
        {
            await browser.ConnectAsync(await listening.Task.WaitAsync(Deadline));
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    public async Task NavigateAsync(Uri url)
    {
        _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri });
        await _loaded.Task.WaitAsync(Deadline);
    }

    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException("The page threw: " + exception.ToJsonString());
        }

        return result["result"]?["value"];
    }

    public async Task<byte[]> ScreenshotAsync()
    {
        var metrics = await SendAsync("Page.getLayoutMetrics", []);
        var size = metrics["cssContentSize"] ?? metrics["contentSize"];
        var clip = new JsonObject
        {
            ["x"] = 0,
            ["y"] = 0,
            ["width"] = size!["width"]!.GetValue<double>(),
            ["height"] = size["height"]!.GetValue<double>(),
            ["scale"] = 1,
        };
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true, ["clip"] = clip });
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Already gone.
        }

        _socket.Dispose();
        _process.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold a file for a moment; a leftover temp folder is harmless.
        }
    }

    private async Task ConnectAsync(Uri browserSocket)
    {
        var port = browserSocket.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list")))!.AsArray();
        var page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!;
        await _socket.ConnectAsync(new Uri(page["webSocketDebuggerUrl"]!.GetValue<string>()), CancellationToken.None);
        _receiving = Task.Run(ReceiveAsync);
        foreach (var domain in new[] { "Page", "Runtime", "Log", "Network" })
        {
            await SendAsync(domain + ".enable", []);
        }
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString();
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var response = await reply.Task.WaitAsync(Deadline);
        if (response["error"] is { } error)
        {
            throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
        }

        return response["result"]?.AsObject() ?? [];
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var json = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                if (json["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var reply))
                {
                    reply.TrySetResult(json);
                }
                else if (json["method"]?.GetValue<string>() is { } method)
                {
                    _events.Enqueue(json);
                    if (method == "Page.loadEventFired")
                    {
                        _loaded.TrySetResult();
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Closing down.
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Crm.Engine.Channels;
using Crm.Engine.Plugins.Tests.Infrastructure;

namespace Crm.Engine.Plugins.Tests;

/// <summary>Loads samples/PluginAuthoring the way an operator deploys it and sends through a loopback gateway.</summary>
public sealed class SamplePluginTests
{
    private static readonly string SampleDirectory = typeof(SamplePluginTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SampleDirectory").Value!;

    [Fact]
    public async Task SendAsync_SmsGatewaySample_MapsGatewayAnswersToDeliveryResults()
    {
        using var gateway = new LoopbackGateway();
        await using var harness = PluginHostHarness.Create(o => o.Settings["acme.sms-gateway"] = JsonSerializer.SerializeToElement(new
        {
            baseUrl = gateway.BaseUrl,
            apiKey = "test-key-0123456789",
            senderId = "ACME",
        }));
        Fixtures.CopyFiles(SampleDirectory, Path.Combine(harness.Root, "acme-sms"));
        await harness.StartAsync();
        var sms = harness.Channel("acme.sms-gateway");

        gateway.Next = (HttpStatusCode.OK, """{"id":"sms-123"}""");
        var delivered = await PluginHostHarness.SendAsync(sms, key: "idem-1");
        gateway.Next = (HttpStatusCode.BadRequest, "{}");
        var permanent = await PluginHostHarness.SendAsync(sms, key: "idem-2");
        gateway.Next = (HttpStatusCode.ServiceUnavailable, "{}");
        var transient = await PluginHostHarness.SendAsync(sms, key: "idem-3");

        Assert.Equal("sms-123", delivered.ProviderMessageId);
        Assert.Equal(DeliveryFailureKind.Permanent, permanent.FailureKind);
        Assert.Equal(DeliveryFailureKind.Transient, transient.FailureKind);
        var first = gateway.Requests.First();
        Assert.Equal(("idem-1", "Bearer test-key-0123456789"), (first.IdempotencyKey, first.Authorization));
        Assert.Contains("\"from\":\"ACME\"", first.Body, StringComparison.Ordinal);
        Assert.Equal(PluginSource.Folder, harness.Plugin("acme.sms-gateway").Source);
    }

    [Fact]
    public async Task StartAsync_SmsGatewaySampleWithoutRequiredSettings_RejectsNamingThem()
    {
        await using var harness = PluginHostHarness.Create();
        Fixtures.CopyFiles(SampleDirectory, Path.Combine(harness.Root, "acme-sms"));

        await harness.StartAsync();

        var info = harness.Plugin("acme.sms-gateway");
        Assert.Equal(PluginState.Failed, info.State);
        Assert.Contains("Setting 'baseUrl' is required by plugin 'acme.sms-gateway'", info.LastError, StringComparison.Ordinal);
    }

    private sealed class LoopbackGateway : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;

        public LoopbackGateway()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            BaseUrl = $"http://127.0.0.1:{port}/v1/";
            _listener.Prefixes.Add(BaseUrl);
            _listener.Start();
            _serving = Task.Run(ServeAsync);
        }

        public string BaseUrl { get; }

        public (HttpStatusCode Status, string Body) Next { get; set; } = (HttpStatusCode.OK, "{}");

        public ConcurrentQueue<(string? IdempotencyKey, string? Authorization, string Body)> Requests { get; } = new();

        public void Dispose()
        {
            _listener.Close();
            try
            {
                _serving.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                Requests.Enqueue((context.Request.Headers["Idempotency-Key"], context.Request.Headers["Authorization"], await reader.ReadToEndAsync()));
                var (status, body) = Next;
                context.Response.StatusCode = (int)status;
                context.Response.ContentType = "application/json";
                var bytes = Encoding.UTF8.GetBytes(body);
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>
/// An internal service that receives the gateway's callback deliveries: a real Kestrel on a fixed loopback
/// port, so it can be down (not started, or answering 503 / 500) and come up later at the same address. It
/// processes each notification id once, deduplicating on the Idempotency-Key header, and records every
/// request it saw.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ReceivedCallback> _processed = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedCallback> _received = new();
    private WebApplication? _app;

    private CallbackReceiver(int port) => Port = port;

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/wechatpay/notify");

    /// <summary>What the receiver answers: 200 (and processes), or a failure status without processing.</summary>
    public int Status { get; set; } = 200;

    /// <summary>How long the receiver takes before answering (a hanging internal service).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Every delivery seen, duplicates and refused ones included, in arrival order.</summary>
    public IReadOnlyList<ReceivedCallback> Received => [.. _received];

    /// <summary>The first accepted delivery of each notification id.</summary>
    public IReadOnlyDictionary<string, ReceivedCallback> Processed => _processed;

    /// <summary>Deliveries that carried an id already processed (at-least-once shows here).</summary>
    public int Duplicates => _received.Count(r => r.Accepted && !ReferenceEquals(_processed.GetValueOrDefault(r.IdempotencyKey ?? string.Empty), r));

    /// <summary>A receiver on a free port, not started yet (so the gateway's deliveries are refused).</summary>
    public static CallbackReceiver Create() => new(GatewayTestHost.FreePort());

    /// <summary>A started receiver answering <paramref name="status"/>.</summary>
    public static async Task<CallbackReceiver> StartAsync(int status = 200)
    {
        var receiver = Create();
        receiver.Status = status;
        await receiver.StartAsync();
        return receiver;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Waits until <paramref name="count"/> distinct ids were processed; false on timeout.</summary>
    public async Task<bool> WaitForProcessedAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_processed.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>Waits until at least <paramref name="count"/> deliveries arrived (accepted or not); false on timeout.</summary>
    public async Task<bool> WaitForReceivedAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_received.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var status = Status;
        var received = new ReceivedCallback(
            context.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key ? key : null,
            context.Request.Headers["traceparent"].ToString() is { Length: > 0 } traceparent ? traceparent : null,
            context.Request.Headers["X-EdgeGateway-Callback-Attempt"].ToString(),
            context.Request.ContentType,
            body,
            status is >= 200 and < 300);
        _received.Enqueue(received);
        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the gateway gave up on this delivery
            }
        }

        if (received.Accepted && received.IdempotencyKey is { } id)
        {
            _processed.TryAdd(id, received); // a duplicate is acknowledged but not processed again
        }

        context.Response.StatusCode = status;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>One delivery as the receiver saw it.</summary>
public sealed record ReceivedCallback(string? IdempotencyKey, string? TraceParent, string Attempt, string? ContentType, string Body, bool Accepted);

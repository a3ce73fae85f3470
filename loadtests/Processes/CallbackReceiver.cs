using System.Collections.Concurrent;

namespace EdgeGateway.LoadTests.Processes;

/// <summary>
/// The internal service of a callback storm: a Kestrel endpoint on loopback, in the runner's process, that
/// takes the gateway's deliveries (204) and counts each callback once, by its <c>Idempotency-Key</c>.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, long> _delivered = new(StringComparer.Ordinal);
    private long _deliveries;

    private CallbackReceiver(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Distinct callbacks delivered.</summary>
    public int Distinct => _delivered.Count;

    /// <summary>Each delivered callback's Idempotency-Key and the <see cref="System.Diagnostics.Stopwatch"/> timestamp of its first delivery.</summary>
    public IReadOnlyDictionary<string, long> FirstDeliveries => _delivered;

    /// <summary>Deliveries, repeats included (at-least-once delivery may repeat one).</summary>
    public long Deliveries => Interlocked.Read(ref _deliveries);

    public static async Task<CallbackReceiver> StartAsync()
    {
        var port = Ports.Free();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new CallbackReceiver(app, new Uri($"http://127.0.0.1:{port}/wechatpay/notify"));
        app.Run(context =>
        {
            Interlocked.Increment(ref receiver._deliveries);
            receiver._delivered.TryAdd(context.Request.Headers["Idempotency-Key"].ToString(), System.Diagnostics.Stopwatch.GetTimestamp());
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="expected"/> distinct callbacks arrived or <paramref name="timeout"/> passed.</summary>
    public async Task<bool> WaitForAsync(long expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Distinct < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
        }

        return Distinct >= expected;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.IntegrationTests.Telemetry;

/// <summary>
/// A minimal OTLP/HTTP endpoint on loopback (what a collector, Jaeger or Tempo exposes on 4318): it
/// accepts POSTs to /v1/traces, /v1/metrics and /v1/logs, keeps them, and answers 200 as the protocol
/// allows for a full success.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedExport> _exports = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<ReceivedExport> Exports => [.. _exports];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            receiver._exports.Enqueue(new ReceivedExport(context.Request.Method, context.Request.Path.Value ?? "", context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        receiver.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    /// <summary>Waits (at most 30 s) until an export to <paramref name="path"/> satisfies <paramref name="match"/>.</summary>
    public async Task<ReceivedExport?> WaitForAsync(string path, Func<ReceivedExport, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_exports.FirstOrDefault(e => e.Path == path && match(e)) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedExport(string Method, string Path, string? ContentType, byte[] Body)
{
    public bool Contains(ReadOnlySpan<byte> bytes) => Body.AsSpan().IndexOf(bytes) >= 0;
}

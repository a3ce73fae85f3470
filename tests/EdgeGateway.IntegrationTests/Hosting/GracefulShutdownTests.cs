using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Faults;

namespace EdgeGateway.IntegrationTests.Hosting;

/// <summary>SIGTERM during load, on the real gateway process: every request it accepted completes.</summary>
public sealed class GracefulShutdownTests
{
    private const int Workers = 8;
    private const int MostRequestsPerWorker = 200;

    private sealed record Outcome(string OutTradeNo, long Started, long Ended, int? Status, Exception? Error);

    [Fact]
    public async Task Sigterm_UnderLoad_DrainsInFlightRequests_AndRefusesOnlyNewConnections()
    {
        await using var simulator = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions());
        simulator.Faults.Current = new FaultSettings { LatencyMs = 700, PathPrefix = "/v3/pay/transactions/jsapi" };
        await using var gateway = await GatewayProcess.StartAsync(simulator.BaseAddress, new Dictionary<string, string?>
        {
            ["EdgeGateway:ShutdownTimeout"] = "00:00:25",
        });
        var mchId = TestKeys.Material.MchId;
        var outcomes = new ConcurrentBag<Outcome>();
        var terminatedAt = long.MaxValue;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        async Task WorkAsync()
        {
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Add("X-Api-Key", GatewayTestHost.DefaultApiKey);
            for (var i = 0; i < MostRequestsPerWorker && !deadline.IsCancellationRequested; i++)
            {
                var outTradeNo = Payloads.NewOutTradeNo("S");
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.PostAsync("/v3/pay/transactions/jsapi",
                        Payloads.Json(Payloads.JsapiPrepay(mchId, outTradeNo, openId: "o" + outTradeNo)), deadline.Token);
                    await response.Content.ReadAsByteArrayAsync(deadline.Token);
                    outcomes.Add(new Outcome(outTradeNo, started, Stopwatch.GetTimestamp(), (int)response.StatusCode, null));
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                {
                    outcomes.Add(new Outcome(outTradeNo, started, Stopwatch.GetTimestamp(), null, ex));
                    if (Interlocked.Read(ref terminatedAt) != long.MaxValue)
                    {
                        return; // the gateway is gone: this worker is done
                    }
                }
            }
        }

        var load = Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkAsync)).ToArray();
        var warmup = Stopwatch.StartNew();
        while (outcomes.Count(o => o.Status == 200) < Workers * 2 && warmup.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
        }

        Interlocked.Exchange(ref terminatedAt, Stopwatch.GetTimestamp());
        await gateway.TerminateAsync();
        var exitCode = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await Task.WhenAll(load);

        Assert.True(exitCode == 0, $"exit code {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (still running)"}:{Environment.NewLine}{gateway.Output}");
        var all = outcomes.ToArray();
        var answered = all.Where(o => o.Status is not null).ToArray();
        var failed = all.Where(o => o.Error is not null).ToArray();

        // Every answer is the payment WeChat Pay created, including those in flight when SIGTERM came.
        Assert.All(answered, o => Assert.Equal(200, o.Status));
        Assert.All(answered, o => Assert.NotNull(simulator.Store.FindOrder(mchId, o.OutTradeNo)));
        var drained = answered.Count(o => o.Started < terminatedAt && o.Ended > terminatedAt);
        Assert.True(drained >= 1, $"no request was in flight at SIGTERM ({answered.Length} answered), so nothing was drained");

        // What failed was refused at connect (the listener had stopped), so it never reached the gateway or WeChat Pay.
        Assert.All(failed, o =>
        {
            Assert.True(o.Started > terminatedAt, $"{o.OutTradeNo} failed before SIGTERM: {o.Error}");
            Assert.True(IsConnectionRefused(o.Error!), $"{o.OutTradeNo} failed after it was accepted: {o.Error}");
            Assert.Null(simulator.Store.FindOrder(mchId, o.OutTradeNo));
        });
        Assert.Contains("Shutting down: no new connections are accepted; waiting up to 00:00:25", gateway.Output, StringComparison.Ordinal);
    }

    private static bool IsConnectionRefused(Exception error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }
}

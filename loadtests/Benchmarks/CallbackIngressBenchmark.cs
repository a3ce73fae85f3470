using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using EdgeGateway.LoadTests.Processes;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Faults;
using EdgeGateway.Simulator.Keys;
using EdgeGateway.Transforms.WeChatPay;
using HdrHistogram;

namespace EdgeGateway.LoadTests.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project loadtests -- callbacks [--count N] [--concurrency C] [--redis host:port]</c>:
/// WeChat Pay's side of the callback path. Pre-signed TRANSACTION.SUCCESS callbacks are POSTed to a real
/// gateway (verify, decrypt, store in Redis before 204) by C concurrent senders; a local receiver takes the
/// deliveries. Reports the ingress answer time (what WeChat Pay's 5-second budget applies to) and the time
/// from sending to delivery. Without --redis it starts its own redis-server on a free loopback port.
/// </summary>
internal static class CallbackIngressBenchmark
{
    public static async Task<int> RunAsync(CallbackIngressOptions options)
    {
        var (count, concurrency, redisEndpoint) = (options.Count, options.Concurrency, options.Redis);
        Process? redis = null;
        if (redisEndpoint is null)
        {
            var port = FreePort();
            redis = Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            { RedirectStandardOutput = true, UseShellExecute = false })!;
            redisEndpoint = $"127.0.0.1:{port}";
            await Task.Delay(500);
        }

        try
        {
            return await RunAsync(count, concurrency, redisEndpoint);
        }
        finally
        {
            redis?.Kill();
        }
    }

    private static async Task<int> RunAsync(int count, int concurrency, string redis)
    {
        var keys = SandboxKeyMaterial.LoadOrCreate(Path.Combine(Path.GetTempPath(), "edgegateway-bench-keys"));
        await using var simulator = await SimulatorHost.StartAsync(keys.ToSimulatorOptions());
        await using var receiver = await CallbackReceiver.StartAsync();
        var delivered = receiver.FirstDeliveries;

        var publicPort = FreePort();
        var settings = Commands.Settings.Gateway(keys, simulator.BaseAddress, publicPort, FreePort(), "Warning");
        settings["EdgeGateway:Redis:Configuration"] = redis;
        settings["EdgeGateway:Redis:KeyPrefix"] = $"bench:{Guid.NewGuid():N}:";
        settings["EdgeGateway:Certificates:CacheDirectory"] = "";
        settings["EdgeGateway:Callbacks:Concurrency"] = "32";
        settings["EdgeGateway:Callbacks:PollInterval"] = "00:00:00.020";
        settings["Callbacks:bench:MchId"] = keys.MchId;
        settings["Callbacks:bench:TargetUrl"] = receiver.Address.ToString();

        await using var gateway = GatewayApplication.Create(["--contentRoot", AppContext.BaseDirectory], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
        await gateway.StartAsync();

        // Signed before the clock starts: the benchmark measures the gateway, not the simulator's RSA signing.
        var merchant = simulator.Options.Merchants[0];
        var requests = Enumerable.Range(0, count).Select(i =>
        {
            var resource = new JsonObject { ["mchid"] = keys.MchId, ["out_trade_no"] = $"BENCH{i:D8}", ["trade_state"] = "SUCCESS", ["amount"] = new JsonObject { ["total"] = 100 } };
            var body = simulator.Callbacks.BuildEnvelope(merchant, "TRANSACTION.SUCCESS", "transaction", "支付成功", resource);
            return (Id: (string)JsonNode.Parse(body)!["id"]!, Body: body, Headers: simulator.Signer.Sign(body, null, SignatureFault.None)!.Value);
        }).ToArray();

        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri($"http://127.0.0.1:{publicPort}") };
        await Send(client, requests[0]); // warm-up (JIT, Redis connection, scripts); not counted
        var ingress = new LongHistogram(60_000_000, 3);
        var sentAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var failures = 0;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(requests.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (request, _) =>
        {
            var begin = Stopwatch.GetTimestamp();
            sentAt[request.Id] = begin;
            var status = await Send(client, request);
            lock (ingress)
            {
                ingress.RecordValue((long)Stopwatch.GetElapsedTime(begin).TotalMicroseconds);
            }

            if (status != HttpStatusCode.NoContent)
            {
                Interlocked.Increment(ref failures);
            }
        });
        var elapsed = Stopwatch.GetElapsedTime(started);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (delivered.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var lag = new LongHistogram(600_000_000, 3);
        foreach (var (id, at) in delivered)
        {
            if (sentAt.TryGetValue(id, out var sent))
            {
                lag.RecordValue((long)Stopwatch.GetElapsedTime(sent, at).TotalMicroseconds);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"callbacks: {count - 1} sent by {concurrency} senders in {elapsed.TotalSeconds:0.00} s ({(count - 1) / elapsed.TotalSeconds:0} /s), {failures} not answered 204, {delivered.Count - 1} of {count - 1} delivered"));
        Console.WriteLine($"ingress answer (ms):  {Percentiles(ingress)}");
        Console.WriteLine($"send → delivered (ms): {Percentiles(lag)}");
        return failures == 0 && delivered.Count >= count ? 0 : 1;
    }

    private static async Task<HttpStatusCode> Send(HttpClient client, (string Id, byte[] Body, SignedMessageHeaders Headers) request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/notify/bench") { Content = new ByteArrayContent(request.Body) };
        message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        message.Headers.TryAddWithoutValidation(WeChatPayHeaders.Timestamp, request.Headers.Timestamp);
        message.Headers.TryAddWithoutValidation(WeChatPayHeaders.Nonce, request.Headers.Nonce);
        message.Headers.TryAddWithoutValidation(WeChatPayHeaders.Signature, request.Headers.Signature);
        message.Headers.TryAddWithoutValidation(WeChatPayHeaders.Serial, request.Headers.Serial);
        using var response = await client.SendAsync(message);
        return response.StatusCode;
    }

    private static string Percentiles(LongHistogram histogram) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {histogram.GetValueAtPercentile(50) / 1000.0:0.0}  p95 {histogram.GetValueAtPercentile(95) / 1000.0:0.0}  p99 {histogram.GetValueAtPercentile(99) / 1000.0:0.0}  max {histogram.GetMaxValue() / 1000.0:0.0}");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>What <c>callbacks</c> was asked for: callbacks to send (the first is a warm-up), concurrent senders, and a Redis to use (null: start one).</summary>
internal sealed record CallbackIngressOptions(int Count, int Concurrency, string? Redis);

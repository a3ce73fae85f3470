using System.Text;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Faults;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.Fuzzing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.IntegrationTests.Fuzzing;

/// <summary>
/// Mutation fuzzing of WeChat Pay's answers as the running gateway receives them: a hostile upstream signs a prepay
/// answer with the real platform key and then mutates a <c>Wechatpay-*</c> header, repeats one with a second value,
/// drops one, changes the status or the body. A caller only ever gets a 2xx that carries exactly the signed body;
/// anything that does not verify is withheld (502), and nothing ends in a 500.
/// </summary>
public sealed class ResponseHeaderFuzzTests
{
    private const int Iterations = 600;
    private static readonly int[] Statuses = [201, 204, 400, 404, 429, 500, 503];
    private static readonly string[] Signed = [WeChatPayHeaders.Timestamp, WeChatPayHeaders.Nonce, WeChatPayHeaders.Signature, WeChatPayHeaders.Serial, WeChatPayHeaders.SignatureType];

    [Fact]
    public async Task Prepay_MutatedAnswerHeaders_OnlyTheSignedBodyReachesTheCaller()
    {
        var simulator = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions());
        Answer? next = null;
        await using var upstream = await StartUpstreamAsync(() => next!);
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:wechatpay:Destinations:primary:Address"] = upstream.Address,
            ["ReverseProxy:Clusters:wechatpay:Destinations:backup:Address"] = upstream.Address,
            ["Policies:Quotas:payer-orders:Windows:0:Limit"] = "1000000",
            ["Policies:CircuitBreakers:wechatpay:MinimumThroughput"] = "1000000", // keep every answer coming from the upstream
        }, simulator);

        var mutator = new Mutator(seed: 101);
        var random = new Random(102);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var violations = new List<string>();
        for (var i = 0; i < Iterations; i++)
        {
            var body = Encoding.UTF8.GetBytes($"{{\"prepay_id\":\"wx{i:D30}\"}}");
            var signed = simulator.Signer.Sign(body, requestedSerial: null, SignatureFault.None)!.Value;
            var headers = new List<(string Name, string Value)>
            {
                (WeChatPayHeaders.Timestamp, signed.Timestamp!), (WeChatPayHeaders.Nonce, signed.Nonce!), (WeChatPayHeaders.Signature, signed.Signature!),
                (WeChatPayHeaders.Serial, signed.Serial!), (WeChatPayHeaders.SignatureType, signed.SignatureType!),
            };
            var (status, sent) = (200, body);
            var target = Signed[random.Next(Signed.Length)];
            var index = headers.FindIndex(h => h.Name == target);
            switch (random.Next(5))
            {
                case 0:
                    headers[index] = (target, Printable(mutator.Mutate(headers[index].Value)));
                    break;
                case 1:
                    headers.Add((target, Printable(mutator.Mutate(headers[index].Value))));
                    break;
                case 2:
                    headers.RemoveAt(index);
                    break;
                case 3:
                    status = Statuses[random.Next(Statuses.Length)];
                    break;
                default:
                    sent = mutator.Mutate(body);
                    break;
            }

            next = new Answer(status, headers, sent);
            using var response = await host.Client.PostAsync("/v3/pay/transactions/jsapi",
                Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, FormattableString.Invariant($"RH{i:D10}"))));
            var received = await response.Content.ReadAsByteArrayAsync();
            var fromGateway = response.Headers.Contains("X-EdgeGateway-Error");
            var key = $"{(fromGateway ? "gateway" : "upstream")} {(int)response.StatusCode}";
            counts[key] = counts.GetValueOrDefault(key) + 1;
            if ((int)response.StatusCode == 500 && fromGateway)
            {
                violations.Add($"iteration {i}: the gateway failed: {Encoding.UTF8.GetString(received)}");
            }
            else if (response.IsSuccessStatusCode && !received.AsSpan().SequenceEqual(body))
            {
                violations.Add($"iteration {i}: a 2xx reached the caller with a body that was not signed: {Encoding.UTF8.GetString(received)}");
            }
            else if (response.IsSuccessStatusCode && (status != 200 && status != 201 && status != 204))
            {
                violations.Add($"iteration {i}: a 2xx reached the caller for an upstream {status}");
            }
        }

        var summary = string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}×{c.Value}"));
        Assert.True(violations.Count == 0, $"{violations.Count} answers broke the rule ({summary}):{Environment.NewLine}{string.Join(Environment.NewLine, violations.Take(8))}");
        Assert.True(counts.GetValueOrDefault("upstream 200") > 0 && counts.GetValueOrDefault("gateway 502") > 0, $"the fuzzer should reach both verified and withheld answers ({summary})");
        Assert.DoesNotContain(host.Logs.Entries, e => e.EventId.Id == EventIds.UnhandledException);
    }

    /// <summary>What HTTP can carry in a header value: printable ASCII (the mutator's control characters and non-ASCII dropped).</summary>
    private static string Printable(string value) => new([.. value.Where(c => c is >= ' ' and <= '~')]);

    private static async Task<Upstream> StartUpstreamAsync(Func<Answer> answer)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.Run(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            var (status, headers, body) = answer();
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            foreach (var group in headers.GroupBy(h => h.Name))
            {
                context.Response.Headers[group.Key] = new Microsoft.Extensions.Primitives.StringValues([.. group.Select(h => h.Value)]);
            }

            if (status != 204)
            {
                context.Response.ContentLength = body.Length;
                await context.Response.Body.WriteAsync(body);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Upstream(app, address);
    }

    private sealed record Answer(int Status, List<(string Name, string Value)> Headers, byte[] Body);

    private sealed class Upstream(WebApplication app, string address) : IAsyncDisposable
    {
        public string Address { get; } = address;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

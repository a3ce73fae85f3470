using System.Text;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Telemetry;
using EdgeGateway.UnitTests.Fuzzing;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.IntegrationTests.Fuzzing;

/// <summary>
/// Mutation fuzzing of how a prepay body is framed (chunk sizes, chunk ends, Content-Length against what is sent),
/// seeded with the hostile framings found by hand. The client ends its side after sending, so nothing waits for bytes
/// that never come. Every answer is the caller's 4xx, a forward whose signature WeChat Pay's side accepted, or no
/// answer for a client that left; never a server error, never an Error-level log line.
/// </summary>
public sealed class FramingFuzzTests
{
    private const int Iterations = 600;

    /// <summary>The hand-made corpus: each is what follows the headers, with the framing header it goes with.</summary>
    public static TheoryData<string, string> Corpus => new()
    {
        { "Transfer-Encoding: chunked", "80000000\r\nabc" }, // 2 GiB chunk size: Kestrel's parser overflows
        { "Transfer-Encoding: chunked", "5\r\nabcdefghij\r\n0\r\n\r\n" }, // more data than the chunk size
        { "Transfer-Encoding: chunked", "5;x=\u0001zz\r\nabcde\r\n0\r\n\r\n" }, // garbage in the chunk extension
        { "Transfer-Encoding: chunked", "5 zz\r\nabcde\r\n0\r\n\r\n" }, // garbage after the chunk size
        { "Transfer-Encoding: chunked", "10\r\n{\"mchid\":" }, // truncated chunk, then the client stops
        { "Content-Length: 1000", "{\"mchid\":\"1900000001\"" }, // fewer bytes than announced, then the client stops
        { "Transfer-Encoding: chunked", "zz\r\n\r\nGET /v3/certificates HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" }, // a request pipelined behind a broken body
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Prepay_HostileFraming_IsTheCallers4xxOrNoAnswer(string framing, string rest)
    {
        await using var host = await GatewayTestHost.StartAsync();

        var answer = await RawHttpTranscript.ExchangeAsync(host.Address, Request(framing, rest), endSending: true, TimeSpan.FromSeconds(30));

        Assert.True(answer.Statuses is [] or [400], $"got {answer.Text}");
        Assert.Empty(host.Simulator.Requests);
        AssertNoErrorLogged(host);
    }

    [Fact]
    public async Task Prepay_MutatedChunkedFraming_RefusedOrVerifiedForward_NeverAServerError()
    {
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Policies:Quotas:payer-orders:Windows:0:Limit"] = "1000000",
            ["Policies:Quotas:payer-orders:Windows:1:Limit"] = "1000000",
        });
        var mutator = new Mutator(seed: 95);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var violations = new List<string>();
        for (var i = 0; i < Iterations; i++)
        {
            var body = Payloads.JsapiPrepay(host.Keys.MchId, $"FUZC{i:D10}").ToJsonString();
            var framed = $"{body.Length / 2:x}\r\n{body[..(body.Length / 2)]}\r\n{body.Length - (body.Length / 2):x}\r\n{body[(body.Length / 2)..]}\r\n0\r\n\r\n";
            var mutated = Encoding.Latin1.GetString(mutator.Mutate(Encoding.Latin1.GetBytes(framed)));

            var answer = await RawHttpTranscript.ExchangeAsync(host.Address, Request("Transfer-Encoding: chunked", mutated), endSending: true, TimeSpan.FromSeconds(30));

            var status = answer.Statuses.FirstOrDefault();
            var forwarded = answer.Text.Contains("\r\nWechatpay-Signature:", StringComparison.OrdinalIgnoreCase);
            counts[$"{(forwarded ? "forwarded" : "refused")} {status}"] = counts.GetValueOrDefault($"{(forwarded ? "forwarded" : "refused")} {status}") + 1;
            if (status >= 500 || answer.Statuses.Count > 1 || (status is > 0 and < 400 && !forwarded))
            {
                violations.Add($"iteration {i}: {answer.Text[..Math.Min(answer.Text.Length, 300)]}{Environment.NewLine}  input: {mutated}");
            }
        }

        var summary = string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}×{c.Value}"));
        Assert.True(violations.Count == 0, $"{violations.Count} answers broke the contract ({summary}):{Environment.NewLine}{string.Join(Environment.NewLine, violations.Take(8))}");
        Assert.True(counts.Keys.Any(k => k.StartsWith("refused 400", StringComparison.Ordinal)), $"the fuzzer should reach refusals of broken framing ({summary})");
        Assert.All(host.Simulator.Requests, r => Assert.True(r.SignatureAccepted, $"signature rejected for {r.Target}"));
        AssertNoErrorLogged(host);
    }

    private static byte[] Request(string framing, string rest) => Encoding.Latin1.GetBytes(
        $"POST /v3/pay/transactions/jsapi HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: {GatewayTestHost.DefaultApiKey}\r\nContent-Type: application/json\r\n{framing}\r\n\r\n{rest}");

    private static void AssertNoErrorLogged(GatewayTestHost host)
    {
        Assert.DoesNotContain(host.Logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(host.Logs.Entries, e => e.EventId.Id == EventIds.UnhandledException);
    }
}

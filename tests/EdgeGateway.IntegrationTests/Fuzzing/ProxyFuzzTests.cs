using System.Net.Sockets;
using System.Text;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Telemetry;
using EdgeGateway.UnitTests.Fuzzing;

namespace EdgeGateway.IntegrationTests.Fuzzing;

/// <summary>
/// Mutation fuzzing of what the running gateway reads out of a caller's request before it signs it: prepay bodies
/// (mchid, sp_mchid, out_trade_no, the quota's payer.openid) and query strings (mchid) sent byte for byte. Every
/// answer is a refusal (4xx) or a forward whose answer the gateway verified, never a 500; and what was forwarded was
/// signed exactly as sent (WeChat Pay's side never answers 401 SIGN_ERROR).
/// </summary>
public sealed class ProxyFuzzTests
{
    private const int Iterations = 1_500;

    [Fact]
    public async Task Prepay_MutatedBodies_RefusedOrVerifiedForward_Never500()
    {
        await using var host = await StartAsync();
        var body = Payloads.JsapiPrepay(host.Keys.MchId, "FUZZ0000000001").ToJsonString();
        var bytes = new Mutator(seed: 91);
        var structure = new JsonMutator(seed: 92);
        var outcomes = new Outcomes();
        for (var i = 0; i < Iterations; i++)
        {
            var mutated = i % 2 == 0 ? bytes.Mutate(Encoding.UTF8.GetBytes(body)) : Encoding.UTF8.GetBytes(structure.Mutate(body));
            var head = $"POST /v3/pay/transactions/jsapi HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: {GatewayTestHost.DefaultApiKey}\r\n" +
                       $"Content-Type: application/json\r\nContent-Length: {mutated.Length}\r\nConnection: close\r\n\r\n";
            outcomes.Check(i, Encoding.UTF8.GetString(mutated), await SendAsync(host.Address, [.. Encoding.ASCII.GetBytes(head), .. mutated]));
        }

        outcomes.AssertClean(host);
    }

    [Fact]
    public async Task Query_MutatedQueryStringsAndOrderNumbers_RefusedOrVerifiedForward_Never500()
    {
        await using var host = await StartAsync();
        using var created = await host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, "FUZZ0000000002")));
        Assert.Equal(System.Net.HttpStatusCode.OK, created.StatusCode);
        var target = $"/v3/pay/transactions/out-trade-no/FUZZ0000000002?mchid={host.Keys.MchId}";
        var mutator = new Mutator(seed: 93);
        var outcomes = new Outcomes();
        for (var i = 0; i < Iterations; i++)
        {
            // Bytes a client library would refuse to send are sent anyway; only a line break would end the request line early.
            var mutated = mutator.Mutate(target).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
            var head = $"GET {mutated} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: {GatewayTestHost.DefaultApiKey}\r\nConnection: close\r\n\r\n";
            outcomes.Check(i, mutated, await SendAsync(host.Address, Encoding.UTF8.GetBytes(head)));
        }

        outcomes.AssertClean(host);
    }

    /// <summary>
    /// Found by this fuzzer: a prepay whose mchid is not a string reached the simulator, which threw and answered an
    /// empty 500 (WeChat Pay answers 400 PARAM_ERROR); and a body that is not UTF-8 got 500 from the gateway. Both are now
    /// refused by the gateway itself: an identifier that is not a string has no single reading.
    /// </summary>
    [Theory]
    [InlineData("{\"appid\":\"wxd678efh567hg6787\",\"mchid\":[1.5E+308],\"description\":\"x\",\"notify_url\":\"https://www.weixin.qq.com/wxpay/pay.php\",\"amount\":{\"total\":100},\"payer\":{\"openid\":\"o\"},\"\\u00A0out_trade_no\":\"FUZR0000000001\"}", "INVALID_REQUEST")]
    [InlineData("{\"mchid\":\"\\ud800\",\"out_trade_no\":\"FUZR0000000002\"}", "INVALID_REQUEST")]
    public async Task Prepay_Regression_UnreadableIdentifiers_AreRefusedWith400(string body, string code)
    {
        await using var host = await StartAsync();

        using var response = await host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(body));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (string?)System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]);
    }

    [Fact]
    public async Task Prepay_Regression_BodyThatIsNotUtf8_IsRefusedWith400()
    {
        await using var host = await StartAsync();
        var body = new ByteArrayContent([.. "{\"mchid\":\"19"u8, 0xC0, 0xAF, .. "\"}"u8]);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await host.Client.PostAsync("/v3/pay/transactions/jsapi", body);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_REQUEST", (string?)System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]);
    }

    private static Task<GatewayTestHost> StartAsync() => GatewayTestHost.StartAsync(new Dictionary<string, string?>
    {
        // Generous quotas: the fuzzer is one caller and (mostly) one payer, and should reach the forwarder.
        ["Policies:Quotas:payer-orders:Windows:0:Limit"] = "1000000",
        ["Policies:Quotas:payer-orders:Windows:1:Limit"] = "1000000",
    });

    /// <summary>Sends raw bytes and reads the answer's status line and header names (the connection is closed after it).</summary>
    private static async Task<(int Status, string Head)> SendAsync(Uri address, byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the answer: what arrived is still the answer.
        }

        var text = Encoding.UTF8.GetString(received.ToArray());
        if (!text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
        {
            return (0, text);
        }

        return (int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture), text);
    }

    /// <summary>Collects answers and what was wrong with them.</summary>
    private sealed class Outcomes
    {
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
        private readonly List<string> _violations = [];

        public void Check(int iteration, string input, (int Status, string Text) answer)
        {
            var forwarded = answer.Text.Contains("\r\nWechatpay-Signature:", StringComparison.OrdinalIgnoreCase);
            var fromGateway = answer.Text.Contains("\r\nX-EdgeGateway-Error: true", StringComparison.OrdinalIgnoreCase);
            var kind = forwarded ? "forwarded" : fromGateway ? "gateway" : "host";
            _counts[$"{kind} {answer.Status}"] = _counts.GetValueOrDefault($"{kind} {answer.Status}") + 1;
            var wrong = answer.Status switch
            {
                0 => "no answer",
                >= 500 => "a server error",
                401 when forwarded => "WeChat Pay's side refused the signature: signed one way, sent another",
                < 400 when !forwarded => "a success that WeChat Pay did not sign",
                _ => null,
            };
            if (wrong is not null)
            {
                _violations.Add($"iteration {iteration}: {wrong}: {answer.Text[..Math.Min(answer.Text.Length, 400)]}{Environment.NewLine}  input: {input}");
            }
        }

        public void AssertClean(GatewayTestHost host)
        {
            var summary = string.Join(", ", _counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}×{c.Value}"));
            var errors = string.Join(Environment.NewLine, host.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Take(3).Select(e => $"{e.Category} {e.EventId}: {e.Message} {e.Exception}"));
            Assert.True(_violations.Count == 0, $"{_violations.Count} answers broke the contract ({summary}):{Environment.NewLine}{string.Join(Environment.NewLine, _violations.Take(8))}{Environment.NewLine}errors logged:{Environment.NewLine}{errors}");
            Assert.True(_counts.Keys.Any(k => k.StartsWith("forwarded 2", StringComparison.Ordinal)) && _counts.Keys.Any(k => k.StartsWith("gateway 4", StringComparison.Ordinal)),
                $"the fuzzer should reach both verified forwards and refusals ({summary})");
            Assert.DoesNotContain(host.Logs.Entries, e => e.EventId.Id == EventIds.UnhandledException);
        }
    }
}

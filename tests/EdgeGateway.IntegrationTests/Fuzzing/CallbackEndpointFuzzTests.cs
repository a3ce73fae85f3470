using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.Fuzzing;
using static EdgeGateway.IntegrationTests.Callbacks.CallbackTestSupport;

namespace EdgeGateway.IntegrationTests.Fuzzing;

/// <summary>
/// Mutation fuzzing of the real <c>POST /notify/{name}</c> on a running gateway: envelopes mutated and then signed
/// by WeChat Pay's key (so they reach the envelope parser and the decryption), valid envelopes with one mutated
/// <c>Wechatpay-*</c> header, and mutated envelopes under the original signature (forgeries). Every answer is a 204
/// or a 4xx with <c>{"code":"FAIL"}</c> (PROTOCOL.md §4.2), never a 500, an exception or a stack trace; exactly the
/// envelopes answered 204 are delivered, each with the resource WeChat Pay sealed, and nothing forged is.
/// </summary>
public sealed class CallbackEndpointFuzzTests
{
    private const int Iterations = 2_000;
    private static readonly string[] Headers = [WeChatPayHeaders.Timestamp, WeChatPayHeaders.Nonce, WeChatPayHeaders.Signature, WeChatPayHeaders.Serial, WeChatPayHeaders.SignatureType];

    [Fact]
    public async Task Notify_MutatedSignedEnvelopes_AnswerByTheContract_DeliverExactlyWhatWasAccepted()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var host = await GatewayTestHost.StartAsync(Settings(receiver.Url, redis: null, nameof(CallbackEndpointFuzzTests)));
        using var client = host.CreateClient(apiKey: null);
        var bytes = new Mutator(seed: 81);
        var structure = new JsonMutator(seed: 82);
        var random = new Random(83);
        var accepted = new Dictionary<string, string>(StringComparer.Ordinal); // id → out_trade_no sealed in it
        var statuses = new Dictionary<int, int>();
        var violations = new List<string>();

        for (var i = 0; i < Iterations; i++)
        {
            var outTradeNo = FormattableString.Invariant($"FZ{i:D6}");
            var original = Envelope(host.Simulator, Transaction(outTradeNo));
            var signed = host.Simulator.Signer.Sign(original, requestedSerial: null, Simulator.Faults.SignatureFault.None)!.Value;
            var headers = new Dictionary<string, string?>
            {
                [WeChatPayHeaders.Timestamp] = signed.Timestamp,
                [WeChatPayHeaders.Nonce] = signed.Nonce,
                [WeChatPayHeaders.Signature] = signed.Signature,
                [WeChatPayHeaders.Serial] = signed.Serial,
                [WeChatPayHeaders.SignatureType] = signed.SignatureType,
            };
            var body = original;
            var mode = random.Next(10);
            if (mode < 6)
            {
                // Broken by WeChat Pay itself: mutated, then properly signed.
                body = random.Next(2) == 0 ? bytes.Mutate(original) : Encoding.UTF8.GetBytes(structure.Mutate(Encoding.UTF8.GetString(original)));
                var resigned = host.Simulator.Signer.Sign(body, requestedSerial: null, Simulator.Faults.SignatureFault.None)!.Value;
                (headers[WeChatPayHeaders.Timestamp], headers[WeChatPayHeaders.Nonce], headers[WeChatPayHeaders.Signature]) = (resigned.Timestamp, resigned.Nonce, resigned.Signature);
            }
            else if (mode < 9)
            {
                var name = Headers[random.Next(Headers.Length)];
                headers[name] = random.Next(5) == 0 ? null : bytes.Mutate(headers[name] ?? string.Empty);
            }
            else
            {
                body = bytes.Mutate(original); // a forgery: changed body, the original signature
            }

            if (headers.Values.Any(v => v is not null && (v.Contains('\r', StringComparison.Ordinal) || v.Contains('\n', StringComparison.Ordinal))))
            {
                // HttpClient would put these line breaks on the wire and split the request in two (the hostile-HTTP
                // tests send CR/LF in headers over raw sockets); the second half would be answered as the next request.
                continue;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, "/notify/" + Name) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            foreach (var (name, value) in headers.Where(h => h.Value is not null))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (HttpRequestException)
            {
                continue; // the client refused to send it (control characters or non-ASCII in a header): covered by the hostile-HTTP tests
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                var text = await response.Content.ReadAsStringAsync();
                if (status == 204)
                {
                    var signedContentUnchanged = mode < 6 || (body.AsSpan().SequenceEqual(original) && SameSignature(headers, signed));
                    if (!signedContentUnchanged)
                    {
                        violations.Add($"iteration {i} (mode {mode}): a forged or altered callback was accepted");
                    }

                    Assert.True(CallbackEnvelope.TryParse(body, out var envelope, out _), $"iteration {i}: 204 for an envelope that does not parse");
                    accepted.TryAdd(envelope!.Id, outTradeNo);
                }
                else if (status == 400 && text.Length == 0 && headers.Values.Any(v => v is not null && v.Any(c => c is < ' ' or > '~')))
                {
                    // Kestrel refuses a header value with control characters or non-ASCII before the gateway sees it.
                }
                else if (status is not (400 or 401 or 413) || !IsFail(text) || !response.Headers.Contains("X-EdgeGateway-Error"))
                {
                    violations.Add($"iteration {i} (mode {mode}): {status} {text} | sent headers: {string.Join("; ", headers.Select(h => $"{h.Key}=[{h.Value}]"))}");
                }
            }
        }

        var all = await EventuallyAsync(() => Task.FromResult(accepted.Keys.All(receiver.Processed.ContainsKey)), TimeSpan.FromSeconds(60));
        var summary = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));
        var errors = string.Join(Environment.NewLine, host.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error)
            .Take(5).Select(e => $"{e.Category} {e.EventId}: {e.Message} {e.Exception}"));
        Assert.True(violations.Count == 0, $"{violations.Count} answers broke the contract ({summary}):{Environment.NewLine}{string.Join(Environment.NewLine, violations.Take(10))}{Environment.NewLine}errors logged:{Environment.NewLine}{errors}");
        Assert.True(all, $"{accepted.Keys.Count(id => !receiver.Processed.ContainsKey(id))} of {accepted.Count} accepted callbacks were not delivered ({summary})");
        Assert.Empty(receiver.Processed.Keys.Except(accepted.Keys));
        foreach (var (id, delivered) in receiver.Processed)
        {
            Assert.Equal(accepted[id], (string?)JsonNode.Parse(delivered.Body)!["resource"]!["out_trade_no"]);
        }

        Assert.True(statuses.GetValueOrDefault(204) > 0 && statuses.GetValueOrDefault(400) > 0 && statuses.GetValueOrDefault(401) > 0, $"the fuzzer should reach acceptance and both refusals ({summary})");
        Assert.DoesNotContain(host.Logs.Entries, e => e.EventId.Id is EventIds.CallbackIngressFailed or EventIds.UnhandledException);
    }

    /// <summary>The same signed content: HTTP trims header whitespace, and Base64 may be spelled with whitespace too.</summary>
    private static bool SameSignature(Dictionary<string, string?> headers, SignedMessageHeaders signed)
    {
        try
        {
            return headers[WeChatPayHeaders.Timestamp]?.Trim() == signed.Timestamp && headers[WeChatPayHeaders.Nonce]?.Trim() == signed.Nonce
                && Convert.FromBase64String(headers[WeChatPayHeaders.Signature] ?? string.Empty).AsSpan().SequenceEqual(Convert.FromBase64String(signed.Signature!));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool IsFail(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject fail && (string?)fail["code"] == "FAIL" && fail["message"] is JsonValue && !text.Contains(" at ", StringComparison.Ordinal);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Callbacks;
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

    /// <summary>
    /// Chunked framings of a correctly signed envelope, over raw sockets: a fixed corpus of framings Kestrel refuses in
    /// different ways (a chunk-size line its parser cannot hold, e.g. 2 GiB, is an IOException rather than a bad request),
    /// then seeded random chunk-size lines and terminators (IngressTimeout 1 s, the shortest allowed). Every first answer is a 204 (only for a framing that carries
    /// the envelope intact) or a 4xx with the FAIL body and, for a bad body, <c>Connection: close</c>; never a 500, and no
    /// Error-level log line.
    /// </summary>
    [Fact]
    public async Task Notify_HostileChunkedFramings_AnswerFailAndClose_NeverA500OrAnError()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var host = await GatewayTestHost.StartAsync(Settings(receiver.Url, redis: null, nameof(CallbackEndpointFuzzTests),
            ("EdgeGateway:Callbacks:IngressTimeout", "00:00:01"), ("EdgeGateway:Callbacks:UnknownSerialWait", "00:00:00.500")));
        var random = new Random(85);
        var violations = new List<string>();
        var statuses = new Dictionary<int, int>();
        var corpus = FixedFramings().Select(f => (f.Label, f.Framing)).ToList();
        for (var i = 0; i < 40; i++) // most wait out the 1 s ingress timeout (a size larger than what follows), so few
        {
            corpus.Add(($"random {i}", RandomFraming(random)));
        }

        foreach (var (label, framing) in corpus)
        {
            var envelope = Envelope(host.Simulator, Transaction(FormattableString.Invariant($"FR{statuses.Values.Sum():D6}")));
            var chunked = framing(envelope);
            var exchange = await RawCallback.SendAsync(host.Address, RawCallback.Chunked(host.Simulator, envelope, chunked, close: true), TimeSpan.FromSeconds(10));
            var status = exchange.Statuses.FirstOrDefault();
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var intact = Dechunk(chunked) is { } carried && carried.AsSpan().SequenceEqual(envelope);
            var ok = status switch
            {
                204 => intact,
                400 or 408 or 413 => IsFail(exchange.FirstBody) && exchange.FirstHead.Contains("Connection: close", StringComparison.OrdinalIgnoreCase),
                401 => IsFail(exchange.FirstBody),
                _ => false,
            };
            if (!ok)
            {
                violations.Add($"{label}: {status} (intact framing: {intact}) {exchange.FirstHead.Replace("\r\n", " | ", StringComparison.Ordinal)} {exchange.FirstBody}");
            }
        }

        var summary = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));
        Assert.True(violations.Count == 0, $"{violations.Count} framings broke the contract ({summary}):{Environment.NewLine}{string.Join(Environment.NewLine, violations.Take(10))}");
        Assert.DoesNotContain(host.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.True(statuses.GetValueOrDefault(204) > 0 && statuses.GetValueOrDefault(400) > 0, $"the corpus should reach acceptance and refusal ({summary})");
    }

    private static IEnumerable<(string Label, Func<byte[], byte[]> Framing)> FixedFramings()
    {
        static byte[] A(string text) => Encoding.ASCII.GetBytes(text);
        yield return ("one chunk", e => [.. A($"{e.Length:x}\r\n"), .. e, .. A("\r\n0\r\n\r\n")]);
        yield return ("byte by byte", e => [.. e.SelectMany(b => (byte[])[.. A("1\r\n"), b, .. A("\r\n")]), .. A("0\r\n\r\n")]);
        yield return ("2 GiB chunk-size line", e => [.. A("80000000\r\n"), .. e]);
        yield return ("ffffffff chunk-size line", e => [.. A("ffffffff\r\n"), .. e]);
        yield return ("16 hex digits", e => [.. A("ffffffffffffffff\r\n"), .. e]);
        yield return ("leading zeros then 2 GiB", e => [.. A("0000000080000000\r\n"), .. e]);
        yield return ("not hex", e => [.. A("zz\r\n"), .. e, .. A("\r\n0\r\n\r\n")]);
        yield return ("negative size", e => [.. A("-1\r\n"), .. e, .. A("\r\n0\r\n\r\n")]);
        yield return ("LF only after the size", e => [.. A($"{e.Length:x}\n"), .. e, .. A("\r\n0\r\n\r\n")]);
        yield return ("no CRLF after the data", e => [.. A($"{e.Length:x}\r\n"), .. e, .. A("0\r\n\r\n")]);
        yield return ("size one short", e => [.. A($"{e.Length - 1:x}\r\n"), .. e, .. A("\r\n0\r\n\r\n")]);
        yield return ("size one long", e => [.. A($"{e.Length + 1:x}\r\n"), .. e, .. A("\r\n0\r\n\r\n")]);
        yield return ("chunk extension", e => [.. A($"{e.Length:x};name=value\r\n"), .. e, .. A("\r\n0\r\n\r\n")]);
        yield return ("trailer garbage", e => [.. A($"{e.Length:x}\r\n"), .. e, .. A("\r\n0\r\nnot a header\r\n\r\n")]);
        yield return ("body never ends", e => [.. A($"{e.Length:x}\r\n"), .. e.AsSpan(0, e.Length / 2)]);
    }

    /// <summary>A framing with a random chunk-size line or terminator (hex of any length, junk, a wrong count).</summary>
    private static Func<byte[], byte[]> RandomFraming(Random random)
    {
        const string hex = "0123456789abcdefABCDEF";
        var kind = random.Next(4);
        var digits = new string([.. Enumerable.Range(0, 1 + random.Next(20)).Select(_ => hex[random.Next(hex.Length)])]);
        var junk = new[] { " ", "-", ";", "\t", "x", "\n", "\r", "+", "0x" }[random.Next(9)];
        var terminator = new[] { "\r\n", "\n", "", "\r\n\r\n", "X\r\n" }[random.Next(5)];
        return kind switch
        {
            0 => e => [.. Encoding.ASCII.GetBytes(digits + "\r\n"), .. e, .. Encoding.ASCII.GetBytes("\r\n0\r\n\r\n")],
            1 => e => [.. Encoding.ASCII.GetBytes(junk + $"{e.Length:x}\r\n"), .. e, .. Encoding.ASCII.GetBytes("\r\n0\r\n\r\n")],
            2 => e => [.. Encoding.ASCII.GetBytes($"{e.Length:x}\r\n"), .. e, .. Encoding.ASCII.GetBytes(terminator + "0\r\n\r\n")],
            _ => e => [.. Encoding.ASCII.GetBytes($"{e.Length + random.Next(-3, 4):x}\r\n"), .. e, .. Encoding.ASCII.GetBytes("\r\n0\r\n\r\n")],
        };
    }

    /// <summary>The body a strict HTTP/1.1 chunked decoder gets from <paramref name="chunked"/> (no extensions or trailers honoured); null when it is malformed.</summary>
    private static byte[]? Dechunk(byte[] chunked)
    {
        var body = new List<byte>();
        var at = 0;
        while (true)
        {
            var end = chunked.AsSpan(at).IndexOf("\r\n"u8);
            if (end <= 0)
            {
                return null;
            }

            var line = Encoding.ASCII.GetString(chunked, at, end).Split(';')[0];
            if (!int.TryParse(line, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                return null;
            }

            at += end + 2;
            if (size == 0)
            {
                return chunked.AsSpan(at).SequenceEqual("\r\n"u8) ? [.. body] : null;
            }

            if (at + size + 2 > chunked.Length || chunked[at + size] != '\r' || chunked[at + size + 1] != '\n')
            {
                return null;
            }

            body.AddRange(chunked.AsSpan(at, size).ToArray());
            at += size + 2;
        }
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

using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeGateway.Simulator.Api;
using EdgeGateway.Simulator.Auth;
using EdgeGateway.Simulator.Faults;
using EdgeGateway.Transforms.Http;
using EdgeGateway.Transforms.WeChatPay;
using Microsoft.AspNetCore.Http.Features;

namespace EdgeGateway.Simulator;

/// <summary>
/// The simulator's request handling: control endpoints under <c>/simulator/</c> (unsigned), and for the
/// API: faults, authentication of the merchant signature, the endpoint, then a signed answer.
/// </summary>
internal sealed class SimulatorPipeline(SimulatorHost host, RequestAuthenticator authenticator, ApiRouter router)
{
    private const int MaxBody = 16 * 1024 * 1024;
    private static readonly JsonSerializerOptions ControlJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/simulator/", StringComparison.Ordinal))
        {
            await HandleControlAsync(context, path);
            return;
        }

        var method = context.Request.Method;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? path + context.Request.QueryString;
        var body = await ReadBodyAsync(context.Request);
        var headers = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in (ReadOnlySpan<string>)["Accept", "User-Agent", "Authorization", "Content-Type", WeChatPayHeaders.Serial, "traceparent"])
        {
            headers[name] = context.Request.Headers[name].Count > 0 ? context.Request.Headers[name].ToString() : null;
        }

        AuthorizationHeader.TryParse(headers["Authorization"], out var claimed, out _);
        var faults = host.Faults.Current;
        var faulty = faults.AppliesTo(path);
        void Record(int status, bool accepted) => host.Record(new RecordedRequest(host.Options.TimeProvider.GetUtcNow(), method, rawTarget,
            claimed?.MchId, claimed?.NonceStr, status, headers["traceparent"], headers["User-Agent"], headers[WeChatPayHeaders.Serial], accepted,
            headers["Authorization"], [.. context.Request.Headers.Keys],
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));

        if (faulty && FaultInjector.Roll(faults.ConnectionResetRate))
        {
            Record(0, false);
            context.Abort();
            return;
        }

        if (faulty && faults.LatencyMs > 0)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(faults.LatencyMs), host.Options.TimeProvider, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Record(0, false);
                return;
            }
        }

        MediaUpload? upload = null;
        string? uploadError = null;
        if (MediaUpload.IsMultipart(headers["Content-Type"]))
        {
            (upload, uploadError) = await MediaUpload.ReadAsync(headers["Content-Type"], body, context.RequestAborted);
        }

        var auth = authenticator.Authenticate(method, rawTarget, headers, upload?.Meta ?? body, uploadError);
        ApiResult result;
        if (!auth.Succeeded)
        {
            result = ApiResult.Error(auth.Status, auth.Code!, auth.Message!);
        }
        else if (faulty && FaultInjector.Roll(faults.ServerErrorRate))
        {
            result = ApiResult.Error(500, "SYSTEM_ERROR", "系统异常，请稍后重试");
        }
        else if (faulty && FaultInjector.Roll(faults.TooManyRequestsRate))
        {
            result = ApiResult.Error(429, "RATELIMIT_EXCEEDED", "请求超过频率限制");
        }
        else if (faulty && FaultInjector.Roll(faults.ServiceUnavailableRate))
        {
            result = ApiResult.Error(503, "SERVICE_UNAVAILABLE", "服务下线或过载保护，请稍后重试");
        }
        else if (faulty && FaultInjector.Roll(faults.RedirectRate))
        {
            result = new ApiResult(307, [], null, Unsigned: true) { Location = faults.RedirectLocation };
        }
        else if (faulty && FaultInjector.Roll(faults.GarbageRate))
        {
            result = new ApiResult(200, "<html>upstream garbage</html>"u8.ToArray(), "text/html", Unsigned: true);
        }
        else
        {
            result = Dispatch(context, method, path, body, upload, auth.Merchant!, out var outTradeNo);
            host.OnProcessed(new ProcessedRequest(host.Options.TimeProvider.GetUtcNow(), method, path, outTradeNo, result.Status));
        }

        Record(result.Status, auth.Succeeded);
        await WriteAsync(context, result, headers[WeChatPayHeaders.Serial], faulty && FaultInjector.Roll(faults.SignatureFaultRate) ? faults.SignatureFault : SignatureFault.None,
            faulty ? faults.ExtraHeaders : null);
    }

    private ApiResult Dispatch(HttpContext context, string method, string path, byte[] body, MediaUpload? upload, SimulatedMerchant merchant, out string? outTradeNo)
    {
        outTradeNo = null;
        var match = router.Match(method, path);
        if (match is null)
        {
            return ApiResult.Error(404, "NOT_FOUND", $"{method} {path} is not served by the simulator");
        }

        JsonNode? json = null;
        var contentType = context.Request.ContentType;
        if (body.Length > 0 && upload is null)
        {
            // A body two parsers could read differently (a member twice, a lone surrogate, a number beyond a double)
            // is a bad parameter, as WeChat Pay answers it: never a 500 (PROTOCOL.md §11.3).
            if (StrictJson.FindAmbiguity(body) is { } ambiguity)
            {
                return ApiResult.Error(400, "PARAM_ERROR", "请求体不是合法的JSON: " + ambiguity.Message,
                    new JsonObject { ["location"] = "body", ["field"] = ambiguity.Pointer ?? string.Empty });
            }

            try
            {
                json = JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                return ApiResult.Error(400, "PARAM_ERROR", "请求体不是合法的JSON");
            }
        }

        outTradeNo = json is JsonObject fields && fields["out_trade_no"] is JsonValue value && value.TryGetValue<string>(out var number) ? number : null;
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var baseAddress = $"{context.Request.Scheme}://{context.Request.Host}";
        var request = new ApiRequest(merchant, method, path, query, json, body, baseAddress, match.Value.Values)
        {
            Upload = upload,
            Serial = context.Request.Headers[WeChatPayHeaders.Serial] is { Count: > 0 } serial ? serial.ToString() : null,
        };
        return match.Value.Handler(request, contentType);
    }

    private async Task WriteAsync(HttpContext context, ApiResult result, string? requestedSerial, SignatureFault fault,
        IReadOnlyDictionary<string, string>? extraHeaders)
    {
        var response = context.Response;
        response.StatusCode = result.Status;
        response.Headers[WeChatPayHeaders.RequestId] = Guid.NewGuid().ToString("N").ToUpperInvariant();
        if (result.ContentType is not null)
        {
            response.ContentType = result.ContentType;
        }

        if (!result.Unsigned && host.Signer.Sign(result.Body, requestedSerial, fault) is { } signed)
        {
            response.Headers[WeChatPayHeaders.Timestamp] = signed.Timestamp;
            response.Headers[WeChatPayHeaders.Nonce] = signed.Nonce;
            response.Headers[WeChatPayHeaders.Signature] = signed.Signature;
            response.Headers[WeChatPayHeaders.Serial] = signed.Serial;
            response.Headers[WeChatPayHeaders.SignatureType] = signed.SignatureType;
        }

        if (result.Location is not null)
        {
            response.Headers.Location = result.Location;
        }

        foreach (var (name, value) in extraHeaders ?? new Dictionary<string, string>())
        {
            response.Headers.Append(name, value);
        }

        response.ContentLength = result.Body.Length;
        if (result.Body.Length > 0)
        {
            await response.Body.WriteAsync(result.Body, context.RequestAborted);
        }
    }

    private async Task HandleControlAsync(HttpContext context, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries); // ["simulator", ...]
        var method = context.Request.Method;
        switch (segments.Length > 1 ? segments[1] : string.Empty)
        {
            case "health":
                await Results.Ok(new { status = "ok" }).ExecuteAsync(context);
                return;
            case "faults" when method == "GET":
                await Results.Json(host.Faults.Current, ControlJson).ExecuteAsync(context);
                return;
            case "faults" when method is "PUT" or "POST":
                try
                {
                    var settings = await JsonSerializer.DeserializeAsync<FaultSettings>(context.Request.Body, ControlJson, context.RequestAborted);
                    host.Faults.Current = settings ?? new FaultSettings();
                    await Results.Json(host.Faults.Current, ControlJson).ExecuteAsync(context);
                }
                catch (JsonException ex)
                {
                    await Results.BadRequest(new { error = "fault settings are not valid JSON: " + ex.Message }).ExecuteAsync(context);
                }

                return;
            case "faults" when method == "DELETE":
                host.Faults.Reset();
                await Results.NoContent().ExecuteAsync(context);
                return;
            case "requests" when method == "GET":
                await Results.Json(host.Requests, ControlJson).ExecuteAsync(context);
                return;
            case "requests" when method == "DELETE":
                host.ClearRequests();
                await Results.NoContent().ExecuteAsync(context);
                return;
            case "certificates" when method == "POST" && segments.Length == 3 && segments[2] == "rotate":
                var certificate = host.RotateCertificate();
                await Results.Ok(new { serial = certificate.Serial }).ExecuteAsync(context);
                return;
            case "orders" when method == "POST" && segments.Length == 5 && segments[4] == "pay":
                // /simulator/orders/{mchid}/{out_trade_no}/pay[?fault=Probe]
                var fault = Enum.TryParse<SignatureFault>(context.Request.Query["fault"], ignoreCase: true, out var f) ? f : SignatureFault.None;
                try
                {
                    var outcome = await host.PayOrderAsync(segments[2], segments[3], fault, cancellationToken: context.RequestAborted);
                    await Results.Ok(outcome).ExecuteAsync(context);
                }
                catch (InvalidOperationException ex)
                {
                    await Results.NotFound(new { error = ex.Message }).ExecuteAsync(context);
                }

                return;
            case "refunds" when method == "POST" && segments.Length == 5 && segments[4] == "complete":
                // /simulator/refunds/{mchid}/{out_refund_no}/complete[?fault=Probe]: REFUND.SUCCESS callback
                var refundFault = Enum.TryParse<SignatureFault>(context.Request.Query["fault"], ignoreCase: true, out var rf) ? rf : SignatureFault.None;
                try
                {
                    var outcome = await host.CompleteRefundAsync(segments[2], segments[3], refundFault, cancellationToken: context.RequestAborted);
                    await Results.Ok(outcome).ExecuteAsync(context);
                }
                catch (InvalidOperationException ex)
                {
                    await Results.NotFound(new { error = ex.Message }).ExecuteAsync(context);
                }

                return;
            default:
                await Results.NotFound(new { error = $"unknown control endpoint {method} {path}" }).ExecuteAsync(context);
                return;
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.Length > MaxBody ? [] : buffer.ToArray();
    }
}

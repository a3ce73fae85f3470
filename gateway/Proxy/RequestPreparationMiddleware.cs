using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using EdgeGateway.Certificates;
using EdgeGateway.Configuration;
using EdgeGateway.Merchants;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Http;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.Transforms.Yarp;
using Microsoft.AspNetCore.Http.Features;
using EdgeGateway.Requests;

namespace EdgeGateway.Proxy;

/// <summary>
/// Gets a request ready to be signed: refuses paths that would be re-encoded into another resource, reads the body
/// (already buffered, within the route's limit) strictly as the route's media type, reads the identifiers every
/// policy keys on, finds the merchant, and hands the transforms exactly the bytes they must sign. Every refusal is a
/// clear 4xx in the error contract, before quotas, the duplicate guard or signing see the request.
/// </summary>
internal sealed partial class RequestPreparationMiddleware(RequestDelegate next, MerchantRegistry merchants, PolicyCatalogProvider catalog,
    PlatformCertificateRefresher keyRefresher, TimeProvider timeProvider, PreparationMetrics metrics, ILogger<RequestPreparationMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        // Ended before forwarding (below): the span measures preparation only; a refusal ends it with the error code.
        using var span = GatewayTelemetry.ActivitySource.StartActivity(GatewaySpans.Prepare);
        span?.SetTag(GatewayTags.Route, route.RouteId);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        var rawPath = rawTarget.Split('?', 2)[0];
        if (rawPath.Contains("%2F", StringComparison.OrdinalIgnoreCase) || rawPath.Contains("%5C", StringComparison.OrdinalIgnoreCase))
        {
            await Reject(context, 400, GatewayErrorCodes.InvalidRequest,
                "The path contains an encoded slash or backslash (%2F, %5C); it would reach WeChat Pay as a different resource. Send the path unencoded.");
            return;
        }

        if (FirstNonAsciiHeader(context.Request.Headers) is { } badHeader)
        {
            await Reject(context, 400, GatewayErrorCodes.InvalidRequest,
                $"The header '{badHeader}' holds characters outside printable ASCII; it cannot be forwarded to WeChat Pay unchanged.");
            return;
        }

        // Read before the rate limiter by RequestBodyBufferingMiddleware, which refused bad framing, slowness and size.
        var body = context.Features.Get<BufferedRequestBody>()?.Bytes
                   ?? throw new InvalidOperationException("Request preparation ran without the buffered body; RequestBodyBufferingMiddleware must run before the rate limiter.");
        var shape = RequestShape.For(route);
        var signedBody = body;
        JsonDocument? json = null;
        var prepared = false;
        try
        {
            if (body.Length > 0)
            {
                // Parsed once, strictly: every policy below is keyed on what is read here, and WeChat Pay must read the same.
                var parsed = await ParseBodyAsync(context, shape, body);
                if (parsed.Refusal is { } refusal)
                {
                    await Refuse(context, route.RouteId, refusal);
                    return;
                }

                (json, signedBody) = (parsed.Json, parsed.SignedBody);
            }

            if (!RequestIdentifiers.TryRead(json?.RootElement, context.Request.Query, context.Request.Path.Value ?? string.Empty, shape,
                    out var identifiers, out var problem))
            {
                await Refuse(context, route.RouteId, new BodyRefusal(400, GatewayErrorCodes.InvalidRequest, problem!.Reason, problem.Field, problem.Message));
                return;
            }

            span?.SetTag(GatewayTags.MchId, identifiers.MchId);
            span?.SetTag(GatewayTags.SpMchId, identifiers.SpMchId);
            span?.SetTag(GatewayTags.OutTradeNo, identifiers.OutTradeNo);
            span?.SetTag(GatewayTags.OutRefundNo, identifiers.OutRefundNo);
            Merchant? merchant;
            if (identifiers.SigningMchId is { } mchId)
            {
                if (!merchants.TryGet(mchId, out merchant))
                {
                    await Reject(context, 400, GatewayErrorCodes.MerchantUnknown,
                        $"Merchant {mchId} is not configured on this gateway; check the mchid/sp_mchid, or ask the operators to add the merchant.",
                        new { field = identifiers.SpMchId is not null ? "sp_mchid" : "mchid", value = mchId });
                    return;
                }
            }
            else if ((merchant = merchants.Default) is null)
            {
                await Reject(context, 400, GatewayErrorCodes.InvalidRequest,
                    "The request names no merchant (mchid or sp_mchid in the JSON body or query) and this gateway has no default merchant.");
                return;
            }

            var callerBody = body;
            var advertisedSerial = merchant.AdvertisedSerial(timeProvider.GetUtcNow());
            if (shape.SensitiveFields.Count > 0)
            {
                // Encrypted before signing, so the signature covers the ciphertext WeChat Pay receives (PROTOCOL.md §5).
                var callerSerial = context.Request.Headers[WeChatPayHeaders.Serial] is { Count: > 0 } sent ? sent.ToString() : null;
                var sealedBody = SensitiveFieldSealing.Seal(shape.SensitiveFields, merchant, callerSerial, body, timeProvider.GetUtcNow());
                if (sealedBody.Refusal is { } sealRefusal)
                {
                    await Refuse(context, route.RouteId, sealRefusal);
                    return;
                }

                LogSealed(logger, route.RouteId, sealedBody.Encrypted, sealedBody.Serial ?? "-");
                (body, signedBody, advertisedSerial) = (sealedBody.Body, sealedBody.Body, sealedBody.Serial);
            }

            if (body.Length > 0)
            {
                context.Request.Body = new MemoryStream(body, writable: false);
                context.Request.ContentLength = body.Length;
                context.Request.Headers.Remove("Transfer-Encoding");
            }

            var exchange = new WeChatPayExchange
            {
                Merchant = merchant.Credentials,
                SignedBody = signedBody,
                VerificationKeys = merchant.VerificationKeys,
                AdvertisedSerial = advertisedSerial,
                RefreshKeys = keyRefresher.HookFor(merchant),
            };
            context.Features.Set(exchange);
            context.Features.Set(new PreparedRequest
            {
                Route = route,
                Policies = RoutePolicies.For(route, catalog.Current),
                Merchant = merchant,
                Identifiers = identifiers,
                Shape = shape,
                Body = body,
                CallerBody = callerBody,
                Json = json?.RootElement,
                Exchange = exchange,
            });
            if (json is not null)
            {
                context.Response.RegisterForDispose(json); // the steps after this one read the parsed body until the response is done
            }

            prepared = true;
        }
        finally
        {
            if (!prepared)
            {
                json?.Dispose();
            }
        }

        span?.Dispose();
        await next(context);
    }

    /// <summary>
    /// The body as the route takes it: JSON that only one reading fits (PROTOCOL.md §11.3), or an upload whose <c>meta</c>
    /// part is that JSON. A media type the route does not take is 415: a multipart body on a JSON route would
    /// otherwise be forwarded unread, with no identifier, quota or guard applied.
    /// </summary>
    private static async Task<ParsedBody> ParseBodyAsync(HttpContext context, RequestShape shape, byte[] body)
    {
        var contentType = context.Request.ContentType;
        var json = body;
        byte[] signedBody = body;
        if (shape.Body == RequestBodyKind.Multipart)
        {
            if (!MediaUpload.IsMultipart(contentType))
            {
                return ParsedBody.Refused(new BodyRefusal(415, GatewayErrorCodes.UnsupportedMediaType, "content_type", null,
                    "This route takes multipart/form-data with a \"meta\" and a \"file\" part (a media upload)."));
            }

            var (upload, error) = await MediaUpload.ReadAsync(contentType, body, context.RequestAborted);
            if (upload is null)
            {
                return ParsedBody.Refused(new BodyRefusal(400, GatewayErrorCodes.InvalidRequest, "multipart", null, $"The upload cannot be signed: {error}."));
            }

            json = signedBody = upload.Meta;
        }
        else if (!IsJson(contentType))
        {
            return ParsedBody.Refused(new BodyRefusal(415, GatewayErrorCodes.UnsupportedMediaType, "content_type", null,
                "This route takes a JSON body: send it with Content-Type: application/json (UTF-8)."));
        }

        if (StrictJson.FindAmbiguity(json) is { } ambiguity)
        {
            return ParsedBody.Refused(new BodyRefusal(400, GatewayErrorCodes.InvalidRequest, Reason(ambiguity.Kind), ambiguity.Pointer, ambiguity.Message));
        }

        try
        {
            return new ParsedBody(JsonDocument.Parse(json), signedBody, null);
        }
        catch (JsonException ex)
        {
            return ParsedBody.Refused(new BodyRefusal(400, GatewayErrorCodes.InvalidRequest, "not_json", null,
                $"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}); WeChat Pay v3 takes JSON bodies."));
        }
    }

    /// <summary><c>application/json</c>, with no charset or UTF-8 (PROTOCOL.md §1: v3 bodies are UTF-8 JSON).</summary>
    private static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (parsed.Charset.Length == 0 || parsed.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private static string Reason(JsonAmbiguityKind kind) => kind switch
    {
        JsonAmbiguityKind.ByteOrderMark => "byte_order_mark",
        JsonAmbiguityKind.InvalidUtf8 => "invalid_utf8",
        JsonAmbiguityKind.LoneSurrogate => "lone_surrogate",
        JsonAmbiguityKind.DuplicateMember => "duplicate_member",
        _ => "number_out_of_range",
    };

    private Task Refuse(HttpContext context, string routeId, BodyRefusal refusal)
    {
        metrics.Refused(routeId, refusal.Reason);
        LogRefused(logger, routeId, refusal.Status, refusal.Reason, refusal.Field ?? "-");
        return Reject(context, refusal.Status, refusal.Code, refusal.Message, refusal.Field is null ? null : new { field = refusal.Field, reason = refusal.Reason });
    }

    [LoggerMessage(EventId = EventIds.RequestRefused, Level = LogLevel.Information,
        Message = "Request on route {RouteId} refused with {Status} before anything was counted or signed: {Reason} (field {Field})")]
    private static partial void LogRefused(ILogger logger, string routeId, int status, string reason, string field);

    [LoggerMessage(EventId = EventIds.SensitiveFieldsSealed, Level = LogLevel.Debug,
        Message = "Request on route {RouteId}: {Count} sensitive field(s) encrypted under WeChat Pay key {Serial} (0: the caller encrypted them)")]
    private static partial void LogSealed(ILogger logger, string routeId, int count, string serial);

    private sealed record ParsedBody(JsonDocument? Json, byte[] SignedBody, BodyRefusal? Refusal)
    {
        public static ParsedBody Refused(BodyRefusal refusal) => new(null, [], refusal);
    }

    /// <summary>Printable ASCII and tab: what an HTTP/1.1 header value can carry to WeChat Pay unchanged.</summary>
    private static readonly SearchValues<char> HeaderValueCharacters =
        SearchValues.Create("\t" + string.Concat(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c)));

    /// <summary>Headers are forwarded as they came; anything that cannot travel verbatim is refused here rather than mangled later.</summary>
    private static string? FirstNonAsciiHeader(IHeaderDictionary headers)
    {
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                if (value is not null && value.AsSpan().IndexOfAnyExcept(HeaderValueCharacters) >= 0)
                {
                    return name;
                }
            }
        }

        return null;
    }

    private static Task Reject(HttpContext context, int status, string code, string message, object? detail = null)
    {
        if (Activity.Current is { OperationName: GatewaySpans.Prepare } span)
        {
            span.SetTag(GatewayTags.ErrorCode, code);
            span.SetStatus(ActivityStatusCode.Error, code);
        }

        return GatewayErrorResponse.WriteAsync(context, status, code, message, detail);
    }
}

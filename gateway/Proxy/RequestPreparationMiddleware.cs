using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using EdgeGateway.Configuration;
using EdgeGateway.Merchants;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.Transforms.Yarp;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace EdgeGateway.Proxy;

/// <summary>
/// Gets a request ready to be signed: refuses paths that would be re-encoded into another resource,
/// buffers the body within the route's limit, checks it is JSON, finds the merchant, and hands the
/// transforms exactly the bytes they must sign. Every refusal is a clear 4xx in the error contract.
/// </summary>
internal sealed class RequestPreparationMiddleware(RequestDelegate next, MerchantRegistry merchants, IOptionsMonitor<GatewayOptions> options, TimeProvider timeProvider)
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

        var limit = MaxBody(route.Metadata) ?? options.CurrentValue.MaxRequestBodyBytes;
        // Read before the rate limiter by RequestBodyBufferingMiddleware, which refused bad framing, slowness and size;
        // read here only in a pipeline without it (its failures are then the caller's in UnhandledErrorMiddleware).
        var body = context.Features.Get<BufferedRequestBody>()?.Bytes ?? await RequestBodyReader.ReadAsync(context.Request, limit, context.RequestAborted);
        if (body is null)
        {
            await Reject(context, 413, GatewayErrorCodes.RequestTooLarge, $"The request body is larger than this route's limit of {limit} bytes.",
                new { limit_bytes = limit });
            return;
        }

        var signedBody = body;
        JsonDocument? json = null;
        try
        {
            if (MediaUploadMeta.IsMultipart(context.Request.ContentType))
            {
                if (!MediaUploadMeta.TryExtract(context.Request.ContentType, body, out signedBody, out var metaError))
                {
                    await Reject(context, 400, GatewayErrorCodes.InvalidRequest, $"The upload cannot be signed: {metaError}.");
                    return;
                }
            }
            else if (body.Length > 0)
            {
                if (!JsonText.IsValid(body))
                {
                    await Reject(context, 400, GatewayErrorCodes.InvalidRequest,
                        "The request body is not UTF-8 text (it holds invalid bytes or an escaped lone surrogate such as \\ud800); WeChat Pay v3 takes UTF-8 JSON.");
                    return;
                }

                try
                {
                    json = JsonDocument.Parse(body);
                }
                catch (JsonException ex)
                {
                    await Reject(context, 400, GatewayErrorCodes.InvalidRequest,
                        $"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}); WeChat Pay v3 takes JSON bodies.");
                    return;
                }
            }

            var identifiers = RequestIdentifiers.Extract(json?.RootElement, context.Request.Query, context.Request.Path.Value ?? string.Empty);
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

            if (body.Length > 0)
            {
                context.Request.Body = new MemoryStream(body, writable: false);
                context.Request.ContentLength = body.Length;
                context.Request.Headers.Remove("Transfer-Encoding");
            }

            context.Features.Set(new GatewayRequest { RouteId = route.RouteId, Merchant = merchant, Identifiers = identifiers, Body = body });
            context.Features.Set(new WeChatPayExchange
            {
                Merchant = merchant.Credentials,
                SignedBody = signedBody,
                VerificationKeys = merchant.VerificationKeys,
                AdvertisedSerial = merchant.AdvertisedSerial(timeProvider.GetUtcNow()),
                RefreshKeys = context.RequestServices.GetRequiredService<Certificates.PlatformCertificateRefresher>().HookFor(merchant),
            });
        }
        finally
        {
            json?.Dispose();
        }

        span?.Dispose();
        await next(context);
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

    private static long? MaxBody(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(RouteMetadataKeys.MaxRequestBodyBytes, out var text) && long.TryParse(text, out var value) && value > 0 ? value : null;

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

using System.Diagnostics;
using EdgeGateway.Transforms.WeChatPay;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Transforms;

namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// Verifies WeChat Pay's answer before any byte of it reaches the caller (PROTOCOL.md §2): every 2xx
/// must carry a valid signature, and an error that carries signature headers must verify too. An answer
/// that does not verify is replaced by 502 <c>UPSTREAM_SIGNATURE_INVALID</c> and its body withheld.
/// An unknown serial triggers one key refresh and one more attempt (§2.5). An error without any signature header
/// passes through marked <c>unsigned</c>, unless <paramref name="requireSignedErrors"/>; a redirect never does
/// (<see cref="UpstreamRedirect"/>). Only the allow-listed headers of the answer reach the caller (<see cref="WeChatPayAnswerHeaders"/>).
/// </summary>
public sealed class WeChatPayVerifyingTransform(ResponseVerifier verifier, long maxResponseBytes, bool requireSignedErrors = false) : ResponseTransform
{
    public override async ValueTask ApplyAsync(ResponseTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var upstream = context.ProxyResponse;
        if (upstream is null)
        {
            return; // no answer at all: the forwarder reports the error
        }

        var exchange = context.HttpContext.Features.Get<WeChatPayExchange>()
                       ?? throw new InvalidOperationException("The WeChat Pay verifying transform ran without a WeChatPayExchange feature.");
        var status = (int)upstream.StatusCode;
        var requestId = Header(upstream, WeChatPayHeaders.RequestId);
        var answer = new WeChatPayAnswer { UpstreamStatus = status, UpstreamRequestId = requestId };
        context.HttpContext.Features.Set(answer); // an immutable value, replaced as more of the answer is known

        using var span = WeChatPayTelemetry.ActivitySource.StartActivity(WeChatPayTelemetry.VerifySpan);
        span?.SetTag(WeChatPayTelemetry.UpstreamStatusTag, status);
        span?.SetTag(WeChatPayTelemetry.RequestIdTag, requestId);
        context.SuppressResponseBody = true;
        if (UpstreamRedirect.Is(status))
        {
            span?.SetStatus(ActivityStatusCode.Error, "redirect");
            await UpstreamRedirect.RefuseAsync(context.HttpContext, status, requestId);
            return;
        }

        var body = await BoundedBody.ReadAsync(upstream.Content, maxResponseBytes, context.CancellationToken);
        if (body is null)
        {
            span?.SetStatus(ActivityStatusCode.Error, "answer larger than the limit");
            await GatewayErrorResponse.WriteAsync(context.HttpContext, StatusCodes.Status502BadGateway, GatewayErrorCodes.UpstreamUnreachable,
                $"WeChat Pay's answer is larger than {maxResponseBytes} bytes; it was not forwarded.");
            return;
        }

        var headers = SignedMessageHeaders.From(name => Header(upstream, name));
        var mustVerify = status is >= 200 and < 300 || headers.AnyPresent;
        if (mustVerify)
        {
            var (result, refreshed) = await verifier.VerifyAsync(headers, body, exchange.VerificationKeys, exchange.RefreshKeys, context.CancellationToken);
            if (refreshed)
            {
                span?.AddEvent(new ActivityEvent("keys_refresh"));
            }

            context.HttpContext.Features.Set(answer = answer with { Verification = result });
            span?.SetTag(WeChatPayTelemetry.WeChatPaySerialTag, headers.Serial);
            span?.SetTag(WeChatPayTelemetry.VerificationResultTag, result.IsValid ? WeChatPayTelemetry.ResultValid : WeChatPayTelemetry.ResultInvalid);
            if (!result.IsValid)
            {
                span?.SetTag(WeChatPayTelemetry.ReasonTag, result.Failure.ToString());
                span?.SetStatus(ActivityStatusCode.Error, result.Failure.ToString());
                await GatewayErrorResponse.WriteAsync(context.HttpContext, StatusCodes.Status502BadGateway, GatewayErrorCodes.UpstreamSignatureInvalid,
                    "WeChat Pay's answer failed signature verification and was withheld; for a payment or refund, query its state before retrying.",
                    new { reason = result.Failure.ToString(), upstream_status = status, request_id = requestId });
                return;
            }

            if (status is >= 200 and < 300)
            {
                answer = answer with { VerifiedBody = body };
            }
        }
        else
        {
            span?.SetTag(WeChatPayTelemetry.VerificationResultTag, WeChatPayTelemetry.ResultNotSigned);
            if (requireSignedErrors)
            {
                context.HttpContext.Features.Set(answer with { Verification = VerificationResult.Failed(VerificationFailure.MissingHeader) });
                span?.SetTag(WeChatPayTelemetry.ReasonTag, nameof(VerificationFailure.MissingHeader));
                span?.SetStatus(ActivityStatusCode.Error, "unsigned error refused");
                await GatewayErrorResponse.WriteAsync(context.HttpContext, StatusCodes.Status502BadGateway, GatewayErrorCodes.UpstreamSignatureInvalid,
                    $"WeChat Pay's {status} answer carried no signature, and this route requires signed error answers (RequireSignedErrors); it was withheld. For a payment or refund, query its state before retrying.",
                    new { reason = nameof(VerificationFailure.MissingHeader), upstream_status = status, request_id = requestId });
                return;
            }
        }

        span?.Stop(); // the span measures reading and checking the answer, not relaying it to the caller
        var signature = mustVerify ? AnswerSignature.Verified : AnswerSignature.Unsigned;
        context.HttpContext.Features.Set(answer with { Signature = signature });
        var response = context.HttpContext.Response;
        WeChatPayAnswerHeaders.Apply(upstream, response, signature);
        response.ContentLength = body.Length;
        if (body.Length > 0)
        {
            await response.Body.WriteAsync(body, context.CancellationToken);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(',', values) : null;
}

using EdgeGateway.Transforms.WeChatPay;
using Yarp.ReverseProxy.Transforms;

namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// The answer side of a <see cref="WeChatPayMode.SignOnly"/> route (bill files, which WeChat Pay does not sign:
/// README.md, "What the gateway does with a request"): the body streams through unread, but only the allow-listed
/// headers go with it, marked <c>unsigned</c>, and a redirect is refused like on every other route.
/// </summary>
public sealed class WeChatPayPassThroughTransform : ResponseTransform
{
    public override async ValueTask ApplyAsync(ResponseTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ProxyResponse is not { } upstream)
        {
            return; // no answer at all: the forwarder reports the error
        }

        var status = (int)upstream.StatusCode;
        var requestId = upstream.Headers.TryGetValues(WeChatPayHeaders.RequestId, out var ids) ? string.Join(',', ids) : null;
        var answer = new WeChatPayAnswer { UpstreamStatus = status, UpstreamRequestId = requestId };
        context.HttpContext.Features.Set(answer);

        if (UpstreamRedirect.Is(status))
        {
            context.SuppressResponseBody = true;
            await UpstreamRedirect.RefuseAsync(context.HttpContext, status, requestId);
            return;
        }

        var response = context.HttpContext.Response;
        WeChatPayAnswerHeaders.Apply(upstream, response, AnswerSignature.Unsigned);
        // Framing only: a known length keeps a file download from being re-chunked.
        response.ContentLength = upstream.Content.Headers.ContentLength;
        context.HttpContext.Features.Set(answer with { Signature = AnswerSignature.Unsigned });
    }
}

using EdgeGateway.Transforms.WeChatPay;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Transforms.Builder;

namespace EdgeGateway.Transforms.Yarp;

public static class WeChatPayTransformExtensions
{
    /// <summary>
    /// Adds the request transform and the answer transform: verifying, or for <see cref="WeChatPayMode.SignOnly"/>
    /// passing through; <c>requireSignedErrors</c> refuses unsigned error answers (see
    /// <see cref="WeChatPayTransformOptions.RequireSignedErrors"/>; SignAndVerify only). The requests are signed by
    /// <see cref="WeChatPaySigningHandler"/>, which the forwarder's HTTP client must have as its innermost handler.
    /// </summary>
    public static TransformBuilderContext AddWeChatPay(this TransformBuilderContext context, WeChatPayMode mode,
        ResponseVerifier verifier, WeChatPayTransformOptions options, bool requireSignedErrors = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);

        // Headers pass through allow-lists both ways, not YARP's copy-everything: the request transform adds back
        // the few request headers WeChat Pay needs, the answer transforms the few answer headers a caller needs.
        // X-Forwarded-* would tell WeChat Pay about the internal network; nothing there needs it.
        context.CopyRequestHeaders = false;
        context.CopyResponseHeaders = false;
        context.CopyResponseTrailers = false;
        context.UseDefaultForwarders = false;
        context.RequestTransforms.Add(new WeChatPayRequestTransform(options.UserAgent));
        context.ResponseTransforms.Add(mode == WeChatPayMode.SignAndVerify
            ? new WeChatPayVerifyingTransform(verifier, options.MaxResponseBytes, requireSignedErrors)
            : new WeChatPayPassThroughTransform());

        return context;
    }

    /// <summary>Registers the transform factory and the provider that keeps the request transform last.</summary>
    public static IReverseProxyBuilder AddWeChatPayTransforms(this IReverseProxyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddTransformFactory<WeChatPayTransformFactory>();
        builder.AddTransforms<WeChatPayTransformOrdering>();
        return builder;
    }
}

using EdgeGateway.Transforms.WeChatPay;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace EdgeGateway.Transforms.Yarp;

public static class WeChatPayTransformExtensions
{
    /// <summary>Adds <c>{"WeChatPay": mode}</c> to a route's configuration.</summary>
    public static RouteConfig WithTransformWeChatPay(this RouteConfig route, WeChatPayMode mode = WeChatPayMode.SignAndVerify)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.WithTransform(t => t[WeChatPayTransformFactory.Key] = mode.ToString());
    }

    /// <summary>Adds the signing (and, unless <see cref="WeChatPayMode.SignOnly"/>, verifying) transforms.</summary>
    public static TransformBuilderContext AddWeChatPay(this TransformBuilderContext context, WeChatPayMode mode,
        RequestSigner signer, ResponseVerifier verifier, WeChatPayTransformOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);

        // X-Forwarded-* would tell WeChat Pay about the internal network; nothing there needs it.
        context.UseDefaultForwarders = false;
        context.RequestTransforms.Add(new WeChatPaySigningTransform(signer, options.UserAgent));
        if (mode == WeChatPayMode.SignAndVerify)
        {
            context.ResponseTransforms.Add(new WeChatPayVerifyingTransform(verifier, options.MaxResponseBytes));
        }

        return context;
    }

    /// <summary>Registers the transform factory and the provider that keeps signing last.</summary>
    public static IReverseProxyBuilder AddWeChatPayTransforms(this IReverseProxyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddTransformFactory<WeChatPayTransformFactory>();
        builder.AddTransforms<WeChatPayTransformOrdering>();
        return builder;
    }
}

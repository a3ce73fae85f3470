using EdgeGateway.Transforms.WeChatPay;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms.Builder;

namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// The route transform <c>{"WeChatPay": "SignAndVerify" | "SignOnly"}</c>: prepares requests for signing (the
/// forwarder's <see cref="WeChatPaySigningHandler"/> signs them) and, unless <c>SignOnly</c>, verifies answers. Validation reports an unknown mode with what to write instead.
/// </summary>
public sealed class WeChatPayTransformFactory(ResponseVerifier verifier, IOptions<WeChatPayTransformOptions> options) : ITransformFactory
{
    public const string Key = "WeChatPay";

    /// <summary>The route metadata key that overrides <see cref="WeChatPayTransformOptions.RequireSignedErrors"/> for one route.</summary>
    public const string RequireSignedErrorsMetadataKey = "RequireSignedErrors";

    public bool Validate(TransformRouteValidationContext context, IReadOnlyDictionary<string, string> transformValues)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transformValues);
        if (!transformValues.TryGetValue(Key, out var value))
        {
            return false;
        }

        if (transformValues.Count != 1)
        {
            context.Errors.Add(new ArgumentException($"The {Key} transform takes no other keys; put other transforms in their own entry."));
        }
        else if (!Enum.TryParse<WeChatPayMode>(value, ignoreCase: false, out _))
        {
            context.Errors.Add(new ArgumentException($"Unknown {Key} mode '{value}'; use \"SignAndVerify\" (every API route) or \"SignOnly\" (unsigned file downloads)."));
        }

        return true;
    }

    public bool Build(TransformBuilderContext context, IReadOnlyDictionary<string, string> transformValues)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transformValues);
        if (!transformValues.TryGetValue(Key, out var value))
        {
            return false;
        }

        context.AddWeChatPay(Enum.Parse<WeChatPayMode>(value), verifier, options.Value, RequireSignedErrors(context.Route.Metadata));
        return true;
    }

    /// <summary>The route's own "true"/"false" when it has one (the gateway's configuration rules refuse anything else), else the global setting.</summary>
    private bool RequireSignedErrors(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(RequireSignedErrorsMetadataKey, out var text) && bool.TryParse(text, out var route)
            ? route
            : options.Value.RequireSignedErrors;
}

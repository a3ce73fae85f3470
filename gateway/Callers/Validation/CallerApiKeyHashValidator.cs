using EdgeGateway.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Callers.Validation;

/// <summary>A caller's key is configured as its SHA-256 hash: exactly 64 hex digits.</summary>
internal sealed class CallerApiKeyHashValidator(IOptions<CallersOptions> options) : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, caller) in CallerValidation.Callers(options))
        {
            if (!CallerRegistry.TryParseHash(caller.ApiKeySha256, out _))
            {
                CallerValidation.Report(context, name,
                    "ApiKeySha256 must be the SHA-256 of the caller's API key as 64 hex digits (printf %s \"$KEY\" | sha256sum); never configure the key itself.");
            }
        }
    }
}

using EdgeGateway.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Callers.Validation;

/// <summary>A pinned client certificate is named by its SHA-256 thumbprint: 64 hex digits.</summary>
internal sealed class CallerCertificateThumbprintValidator(IOptionsMonitor<CallersOptions> options) : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, caller) in CallerValidation.Callers(options))
        {
            if (caller.ClientCertificateThumbprint is { Length: > 0 } thumbprint && !CallerRegistry.TryParseHash(thumbprint.Replace(":", string.Empty, StringComparison.Ordinal), out _))
            {
                CallerValidation.Report(context, name,
                    "ClientCertificateThumbprint must be the certificate's SHA-256 thumbprint as 64 hex digits (openssl x509 -noout -fingerprint -sha256, colons allowed).");
            }
        }
    }
}

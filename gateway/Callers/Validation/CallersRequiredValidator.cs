using EdgeGateway.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Callers.Validation;

/// <summary>Outside the sandbox a gateway without callers must not run open by accident.</summary>
internal sealed class CallersRequiredValidator(IOptionsMonitor<CallersOptions> options, IConfiguration configuration) : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        var callers = options.CurrentValue;
        if (callers.Callers.Count == 0 && !callers.AllowUnauthenticatedCallers && !configuration.GetValue<bool>("EdgeGateway:Sandbox:Enabled"))
        {
            context.Report(CallerValidation.File, "EdgeGateway:Callers",
                "no callers are configured, so the gateway would refuse every request; add each calling service with the SHA-256 of its API key, routes or groups, and mchids (see README, Callers), or set EdgeGateway:AllowUnauthenticatedCallers=true if something in front of the gateway authenticates them.");
        }
    }
}

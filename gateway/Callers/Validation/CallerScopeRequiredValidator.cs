using EdgeGateway.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Callers.Validation;

/// <summary>A caller must be allowed something: at least one route or group, and at least one merchant.</summary>
internal sealed class CallerScopeRequiredValidator(IOptionsMonitor<CallersOptions> options) : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, caller) in CallerValidation.Callers(options))
        {
            if (caller.Routes.Count == 0 && caller.Groups.Count == 0)
            {
                CallerValidation.Report(context, name, "names no Routes and no Groups, so it could call nothing; list route ids or groups (\"*\" in Routes for all).");
            }

            if (caller.MchIds.Count == 0)
            {
                CallerValidation.Report(context, name, "names no MchIds, so it could act for no merchant; list the mchids it may act for (\"*\" for all).");
            }
        }
    }
}

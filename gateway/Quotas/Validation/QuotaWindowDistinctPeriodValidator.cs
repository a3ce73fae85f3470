using EdgeGateway.Configuration;

namespace EdgeGateway.Quotas.Validation;

/// <summary>Each window of a quota has its own period (the period names the window's counter and its header item).</summary>
internal sealed class QuotaWindowDistinctPeriodValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, policy) in context.Policies.Quotas)
        {
            foreach (var period in policy.Windows.GroupBy(w => w.Period).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                QuotaValidation.Report(context, name, $"has several Windows with Period {period}; keep one per period (the smallest Limit is the one that binds).");
            }
        }
    }
}

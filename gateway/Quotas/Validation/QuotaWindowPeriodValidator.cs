using EdgeGateway.Configuration;

namespace EdgeGateway.Quotas.Validation;

/// <summary>Windows are whole seconds, at least one (the RateLimit header states windows in seconds).</summary>
internal sealed class QuotaWindowPeriodValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, policy) in context.Policies.Quotas)
        {
            for (var i = 0; i < policy.Windows.Count; i++)
            {
                var period = policy.Windows[i].Period;
                if (period < TimeSpan.FromSeconds(1) || period.Ticks % TimeSpan.TicksPerSecond != 0)
                {
                    QuotaValidation.Report(context, name, $"Windows[{i}].Period is {period}; it must be a whole number of seconds, at least 00:00:01.");
                }
            }
        }
    }
}

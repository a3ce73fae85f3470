using System.Globalization;
using EdgeGateway.Configuration;

namespace EdgeGateway.Resilience;

/// <summary>Every retry budget bounds retries: a share of requests, a floor, a window it is measured over.</summary>
internal sealed class RetryBudgetValidator : IGatewayConfigValidator
{
    public const double MostRetriesPerSecond = 1000;
    private static readonly TimeSpan ShortestWindow = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestWindow = TimeSpan.FromMinutes(5);

    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, policy) in context.Policies.Retries)
        {
            var subject = $"Policies.Retries.{name}";
            if (policy.Budget is not { } budget)
            {
                Report(context, subject, "Budget is null; leave it out for the defaults, or give RetryRatio, MinRetriesPerSecond and Window.");
                continue;
            }

            if (budget.RetryRatio is not (>= 0 and <= 1))
            {
                Report(context, subject, $"Budget.RetryRatio is {Text(budget.RetryRatio)}; it must be between 0 and 1 (0.2 lets retries add at most 20 % to the requests).");
            }

            if (budget.MinRetriesPerSecond is not (>= 0 and <= MostRetriesPerSecond))
            {
                Report(context, subject, $"Budget.MinRetriesPerSecond is {Text(budget.MinRetriesPerSecond)}; it must be between 0 and 1000 retries a second.");
            }

            if (budget.Window < ShortestWindow || budget.Window > LongestWindow)
            {
                Report(context, subject, $"Budget.Window is {budget.Window}; it must be between 00:00:01 and 00:05:00 (e.g. \"00:00:10\").");
            }
        }
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Report(GatewayConfigValidationContext context, string subject, string message) =>
        context.Report(GatewayConfigValidationContext.PoliciesFile, subject, message);
}

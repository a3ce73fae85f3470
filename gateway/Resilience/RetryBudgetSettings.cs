using EdgeGateway.Configuration;

namespace EdgeGateway.Resilience;

/// <summary>The values a retry budget was built from; a budget is kept across reloads while these stay equal.</summary>
internal readonly record struct RetryBudgetSettings(double RetryRatio, double MinRetriesPerSecond, TimeSpan Window)
{
    public static RetryBudgetSettings From(RetryBudgetPolicy policy) => new(policy.RetryRatio, policy.MinRetriesPerSecond, policy.Window);
}

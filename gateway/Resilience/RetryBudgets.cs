using System.Collections.Concurrent;
using EdgeGateway.Configuration;

namespace EdgeGateway.Resilience;

/// <summary>
/// One <see cref="RetryBudget"/> per cluster and retry policy: the routes naming a policy share its budget on a
/// cluster, as the calls they add land on the same WeChat Pay. A budget whose values a reload changed starts afresh.
/// </summary>
internal sealed class RetryBudgets(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<(string Cluster, string Policy), RetryBudget> _budgets = new();

    public RetryBudget For(string clusterId, string policyName, RetryBudgetPolicy policy)
    {
        var settings = RetryBudgetSettings.From(policy);
        var key = (clusterId, policyName);
        while (true)
        {
            var existing = _budgets.GetOrAdd(key, _ => new RetryBudget(settings, timeProvider));
            if (existing.Settings == settings || _budgets.TryUpdate(key, new RetryBudget(settings, timeProvider), existing))
            {
                return _budgets[key];
            }
        }
    }
}

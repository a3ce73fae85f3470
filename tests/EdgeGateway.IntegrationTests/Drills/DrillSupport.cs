using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Drills;

/// <summary>How every fault drill ends: traffic drained, losses and double submissions counted, the row written, then asserted.</summary>
internal static class DrillSupport
{
    private static readonly TimeSpan DeliveryBudget = TimeSpan.FromSeconds(90);

    /// <summary>Lets traffic run until every affected kind of request succeeded again (at most <paramref name="limit"/>), then <paramref name="after"/> more.</summary>
    public static async Task RunUntilRecoveredAsync(DrillReport report, TimeSpan limit, TimeSpan after)
    {
        var deadline = DateTime.UtcNow + limit;
        while (report.Recovery is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await Task.Delay(after);
    }

    /// <summary>
    /// Stops the traffic (orders and callbacks under way settle within their budgets), waits for every
    /// acknowledged callback to reach the internal service, writes the report's row, and asserts that nothing
    /// acknowledged was lost, no payment reached WeChat Pay twice, every order's outcome became known, and every
    /// kind of request succeeded again after the fault.
    /// </summary>
    public static async Task FinishAsync(DrillReport report, DrillTraffic traffic, CallbackReceiver receiver, PrepayLedger ledger, Func<string>? diagnostics = null)
    {
        await traffic.StopAsync();
        var acknowledged = traffic.Acknowledged;
        var deadline = DateTime.UtcNow + DeliveryBudget;
        while (acknowledged.Any(id => !receiver.Processed.ContainsKey(id)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        report.LostCallbacks = acknowledged.Count(id => !receiver.Processed.ContainsKey(id));
        report.DoubleSubmitted = ledger.DoubleSubmitted;
        if (ledger.RepeatedAfterRestart is > 0 and var repeated)
        {
            report.Notes += FormattableString.Invariant($"; {repeated} prepays repeated after the restarted stand-in answered ORDER_NOT_EXIST");
        }

        await report.WriteAsync();

        var context = $"{report}{Environment.NewLine}{diagnostics?.Invoke()}";
        Assert.True(traffic.Orders > 0 && acknowledged.Count > 0, "the drill sent no traffic: " + context);
        Assert.True(report.LostCallbacks == 0, $"{report.LostCallbacks} of {acknowledged.Count} acknowledged callbacks were never delivered: {context}");
        Assert.True(report.DoubleSubmitted.Count == 0, $"payments processed twice by WeChat Pay: {string.Join(", ", report.DoubleSubmitted)}: {context}");
        Assert.True(traffic.Unresolved == 0, $"{traffic.Unresolved} orders ended with an unknown outcome: {context}");
        Assert.True(report.Recovery is not null, "some kind of request never succeeded again after the fault: " + context);
    }
}

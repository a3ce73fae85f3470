using EdgeGateway.Merchants;

namespace EdgeGateway.Certificates;

/// <summary>
/// Runs the scheduled refreshes: at start it puts every merchant's last good set from disk to use (so the
/// gateway verifies even when nothing else is reachable), then refreshes each merchant at once and again
/// whenever its jittered interval has passed. A merchant configured with its own keys (certificate files
/// or a WeChat Pay public key) downloads only once an answer or callback names a serial it lacks (a
/// rotation, or a migration between certificates and public key), and is kept fresh on schedule from then on.
/// </summary>
internal sealed class CertificateRefreshService(
    MerchantRegistry merchants,
    PlatformCertificateRefresher refresher,
    CertificateStateTable states,
    TimeProvider timeProvider) : BackgroundService
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MinSleep = TimeSpan.FromMilliseconds(500);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var merchant in merchants.All)
        {
            refresher.LoadFromDisk(merchant);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = timeProvider.GetUtcNow();
            var due = merchants.All.Where(m => IsScheduled(m) && states.For(m.MchId).NextRefresh <= now).Select(refresher.RefreshScheduledAsync).ToList();
            await Task.WhenAll(due);

            var next = merchants.All.Where(IsScheduled).Select(m => states.For(m.MchId).NextRefresh).DefaultIfEmpty(now + MaxSleep).Min();
            var sleep = next - timeProvider.GetUtcNow();
            sleep = sleep < MinSleep ? MinSleep : sleep > MaxSleep ? MaxSleep : sleep;
            try
            {
                await Task.Delay(sleep, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private bool IsScheduled(Merchant merchant) => merchant.ConfiguredKeys.Count == 0 || states.For(merchant.MchId).FetchedAt is not null;
}

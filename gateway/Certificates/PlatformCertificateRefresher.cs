using EdgeGateway.Merchants;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.WeChatPay;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EdgeGateway.Certificates;

/// <summary>
/// Keeps every merchant's downloaded platform certificates current (PROTOCOL.md §3): on a jittered schedule
/// well inside 12 hours, and — single-flight and rate-limited — when an answer or callback names a serial
/// no held key matches (§2.5). With Redis, one instance downloads under a lock and the others adopt its
/// set; without Redis (or while it is down) each instance works alone; the last good set stays in memory
/// and on disk whatever fails.
/// </summary>
internal sealed partial class PlatformCertificateRefresher(
    CertificateDownloader downloader,
    SharedCertificateStore shared,
    CertificateDiskCache disk,
    CertificateStateTable states,
    CertificateMetrics metrics,
    IOptionsMonitor<CertificateOptions> options,
    TimeProvider timeProvider,
    ILogger<PlatformCertificateRefresher> logger) : IDisposable
{
    private static readonly TimeSpan PollStep = TimeSpan.FromMilliseconds(100);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The hook the proxy's verifying transform calls once on an unknown serial (see <c>WeChatPayExchange.RefreshKeys</c>).</summary>
    public Func<string, CancellationToken, ValueTask<IVerificationKeyProvider?>> HookFor(Merchant merchant)
    {
        var state = states.For(merchant.MchId);
        return state.Hook ??= (serial, cancellationToken) => RefreshForUnknownSerialAsync(merchant, serial, cancellationToken);
    }

    /// <summary>Uses the set kept on disk, if any (at start, before anything else is reachable).</summary>
    public void LoadFromDisk(Merchant merchant)
    {
        if (disk.Read(merchant.MchId) is { } record)
        {
            Apply(merchant, record, CertificateSource.Disk);
        }
    }

    /// <summary>The scheduled refresh: adopt a fresh shared set, or download one (one instance at a time).</summary>
    public Task RefreshScheduledAsync(Merchant merchant) =>
        states.For(merchant.MchId).Join(RefreshTrigger.Scheduled, () => ScheduledCoreAsync(merchant), out _);

    /// <summary>
    /// Refreshes after <paramref name="serial"/> was not found, then returns the keys to verify with once more,
    /// or null when the serial is still unknown (forged, or a refresh was not allowed yet).
    /// <paramref name="cancellationToken"/> only ends the wait: the refresh itself goes on for the next caller.
    /// </summary>
    public async ValueTask<IVerificationKeyProvider?> RefreshForUnknownSerialAsync(Merchant merchant, string serial, CancellationToken cancellationToken)
    {
        // Public keys are configured, never downloaded; and a serial that is not hex names no certificate.
        if (VerificationKey.IsPublicKeyId(serial) || serial.Length is 0 or > 64 || !serial.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        var state = states.For(merchant.MchId);
        try
        {
            // A refresh that finished between the caller's miss and here may already have brought the serial:
            // starting another would download again for nothing.
            if (merchant.VerificationKeys.TryGetKey(serial, out _))
            {
                return merchant.VerificationKeys;
            }

            await state.Join(RefreshTrigger.UnknownSerial, () => UnknownSerialCoreAsync(merchant, serial), out var ran).WaitAsync(cancellationToken);
            if (!merchant.VerificationKeys.TryGetKey(serial, out _) && ran != RefreshTrigger.UnknownSerial)
            {
                // We joined a scheduled refresh that may have stopped at a still-fresh shared set: look once more.
                await state.Join(RefreshTrigger.UnknownSerial, () => UnknownSerialCoreAsync(merchant, serial), out _).WaitAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        return merchant.VerificationKeys.TryGetKey(serial, out _) ? merchant.VerificationKeys : null;
    }

    private async Task ScheduledCoreAsync(Merchant merchant)
    {
        var settings = options.CurrentValue;
        var state = states.For(merchant.MchId);
        var useShared = shared.IsConfigured;
        string? lockToken = null;
        try
        {
            if (useShared)
            {
                try
                {
                    var record = await shared.ReadAsync(merchant.MchId);
                    if (record is not null && timeProvider.GetUtcNow() - record.FetchedAt < settings.RefreshInterval
                        && (Apply(merchant, record, CertificateSource.Shared) || state.FetchedAt >= record.FetchedAt))
                    {
                        state.NextRefresh = Later(record.FetchedAt + Jittered(settings), TimeSpan.FromSeconds(1));
                        metrics.Refreshed(merchant.MchId, RefreshTrigger.Scheduled, "shared");
                        return;
                    }

                    lockToken = await shared.TryLockAsync(merchant.MchId, LockTime(settings));
                    if (lockToken is null)
                    {
                        var adopted = await WaitForSharedAsync(merchant, settings.SharedWait + settings.DownloadTimeout);
                        state.NextRefresh = adopted
                            ? Later(timeProvider.GetUtcNow() + Jittered(settings), TimeSpan.FromSeconds(1))
                            : timeProvider.GetUtcNow() + settings.FailureRetryDelay;
                        metrics.Refreshed(merchant.MchId, RefreshTrigger.Scheduled, adopted ? "shared" : "rate_limited");
                        return;
                    }
                }
                catch (Exception ex) when (IsRedisFailure(ex))
                {
                    LogSharedUnavailable(logger, merchant.MchId, ex.GetType().Name);
                    useShared = false;
                }
            }

            await DownloadAsync(merchant, RefreshTrigger.Scheduled, useShared);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Failed(merchant, RefreshTrigger.Scheduled, "unexpected " + ex.GetType().Name, ex);
        }
        finally
        {
            await ReleaseAsync(merchant.MchId, lockToken);
        }
    }

    private async Task UnknownSerialCoreAsync(Merchant merchant, string serial)
    {
        var settings = options.CurrentValue;
        var state = states.For(merchant.MchId);
        var useShared = shared.IsConfigured;
        string? lockToken = null;
        try
        {
            if (merchant.VerificationKeys.TryGetKey(serial, out _))
            {
                return; // the refresh this one queued behind brought it
            }

            if (useShared)
            {
                try
                {
                    // Another instance may already have the new certificate: a cheap look at the shared set's age first.
                    if (await shared.ReadFetchedAtAsync(merchant.MchId) is { } fetchedAt && (state.FetchedAt is null || fetchedAt > state.FetchedAt)
                        && await shared.ReadAsync(merchant.MchId) is { } record)
                    {
                        Apply(merchant, record, CertificateSource.Shared);
                        if (merchant.VerificationKeys.TryGetKey(serial, out _))
                        {
                            metrics.Refreshed(merchant.MchId, RefreshTrigger.UnknownSerial, "shared");
                            return;
                        }
                    }
                }
                catch (Exception ex) when (IsRedisFailure(ex))
                {
                    LogSharedUnavailable(logger, merchant.MchId, ex.GetType().Name);
                    useShared = false;
                }
            }

            var now = timeProvider.GetUtcNow();
            if (now - state.LastUnknownSerialDownload < settings.UnknownSerialRefreshInterval)
            {
                LogRateLimited(logger, merchant.MchId, serial);
                metrics.Refreshed(merchant.MchId, RefreshTrigger.UnknownSerial, "rate_limited");
                return;
            }

            state.LastUnknownSerialDownload = now;
            if (useShared)
            {
                try
                {
                    if (!await shared.TryTakeUnknownSerialSlotAsync(merchant.MchId, settings.UnknownSerialRefreshInterval)
                        || (lockToken = await shared.TryLockAsync(merchant.MchId, LockTime(settings))) is null)
                    {
                        // Another instance refreshed a moment ago or is downloading now: take its result if one comes.
                        var adopted = await WaitForSharedAsync(merchant, settings.SharedWait);
                        LogRateLimited(logger, merchant.MchId, serial);
                        metrics.Refreshed(merchant.MchId, RefreshTrigger.UnknownSerial, adopted ? "shared" : "rate_limited");
                        return;
                    }
                }
                catch (Exception ex) when (IsRedisFailure(ex))
                {
                    LogSharedUnavailable(logger, merchant.MchId, ex.GetType().Name);
                    useShared = false;
                }
            }

            await DownloadAsync(merchant, RefreshTrigger.UnknownSerial, useShared);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Failed(merchant, RefreshTrigger.UnknownSerial, "unexpected " + ex.GetType().Name, ex);
        }
        finally
        {
            await ReleaseAsync(merchant.MchId, lockToken);
        }
    }

    private async Task DownloadAsync(Merchant merchant, RefreshTrigger trigger, bool publish)
    {
        var settings = options.CurrentValue;
        var state = states.For(merchant.MchId);
        var outcome = await downloader.DownloadAsync(merchant, _stopping.Token);
        var now = timeProvider.GetUtcNow();
        CertificateRecord record;
        switch (outcome.Status)
        {
            case DownloadStatus.Downloaded:
                record = new CertificateRecord(now, NotFound: false, outcome.Body!);
                foreach (var rejected in outcome.Certificates!.Rejected)
                {
                    LogCertificateRejected(logger, merchant.MchId, rejected.Serial, rejected.Reason);
                }

                Use(merchant, record, outcome.Certificates.Accepted, CertificateSource.Downloaded);
                LogDownloaded(logger, merchant.MchId, string.Join(",", outcome.Certificates.Accepted.Select(k => $"{k.Serial} (until {k.NotAfter:yyyy-MM-dd})")),
                    outcome.Destination!.GetLeftPart(UriPartial.Authority));
                metrics.Refreshed(merchant.MchId, trigger, "downloaded");
                break;
            case DownloadStatus.NotFound:
                record = new CertificateRecord(now, NotFound: true, string.Empty);
                Use(merchant, record, [], CertificateSource.Downloaded);
                if (merchant.ConfiguredKeys.Keys.Any(k => k.Kind == VerificationKeyKind.PublicKey))
                {
                    LogNotFoundPublicKeyMode(logger, merchant.MchId);
                }
                else
                {
                    LogNotFoundWithoutPublicKey(logger, merchant.MchId);
                }

                metrics.Refreshed(merchant.MchId, trigger, "not_found");
                break;
            default:
                Failed(merchant, trigger, outcome.Error!, null);
                return;
        }

        state.ConsecutiveFailures = 0;
        state.LastError = null;
        state.NextRefresh = now + Jittered(settings);
        disk.Write(merchant.MchId, record);
        if (publish)
        {
            try
            {
                await shared.WriteAsync(merchant.MchId, record);
            }
            catch (Exception ex) when (IsRedisFailure(ex))
            {
                LogSharedUnavailable(logger, merchant.MchId, ex.GetType().Name);
            }
        }
    }

    private void Failed(Merchant merchant, RefreshTrigger trigger, string error, Exception? exception)
    {
        var settings = options.CurrentValue;
        var state = states.For(merchant.MchId);
        state.ConsecutiveFailures++;
        state.LastError = error;
        var delay = settings.FailureRetryDelay * Math.Pow(2, Math.Min(state.ConsecutiveFailures - 1, 16));
        var cap = settings.RefreshInterval / 4;
        state.NextRefresh = timeProvider.GetUtcNow() + (delay < cap ? delay : cap);
        LogDownloadFailed(logger, exception, merchant.MchId, error, state.FetchedAt is null ? "no downloaded certificates" : $"the set fetched at {state.FetchedAt:O}");
        metrics.Refreshed(merchant.MchId, trigger, "failed");
    }

    /// <summary>Waits while another instance holds the download lock, then adopts a newer shared set if there is one.</summary>
    private async Task<bool> WaitForSharedAsync(Merchant merchant, TimeSpan wait)
    {
        var deadline = timeProvider.GetUtcNow() + wait;
        while (timeProvider.GetUtcNow() < deadline && await shared.IsLockedAsync(merchant.MchId))
        {
            await Task.Delay(PollStep, timeProvider, _stopping.Token);
        }

        var state = states.For(merchant.MchId);
        var record = await shared.ReadAsync(merchant.MchId);
        return record is not null && (state.FetchedAt is null || record.FetchedAt > state.FetchedAt) && Apply(merchant, record, CertificateSource.Shared);
    }

    /// <summary>Parses and authenticates a kept record and uses it, unless it is older than the set in use.</summary>
    private bool Apply(Merchant merchant, CertificateRecord record, CertificateSource source)
    {
        var state = states.For(merchant.MchId);
        if (state.FetchedAt is { } current && record.FetchedAt < current)
        {
            return false;
        }

        IReadOnlyList<VerificationKey> keys = [];
        if (!record.NotFound)
        {
            if (!PlatformCertificateList.TryParse(System.Text.Encoding.UTF8.GetBytes(record.Body), merchant.ApiV3Key, timeProvider.GetUtcNow(), out var list, out var error))
            {
                LogRecordRejected(logger, merchant.MchId, source.ToString(), error!);
                return false;
            }

            if (list!.Accepted.Count == 0)
            {
                LogRecordRejected(logger, merchant.MchId, source.ToString(),
                    "no certificate in it is usable: " + string.Join("; ", list.Rejected.Select(r => $"{r.Serial ?? "?"}: {r.Reason}")));
                return false;
            }

            keys = list.Accepted;
        }

        Use(merchant, record, keys, source);
        LogAdopted(logger, merchant.MchId, source.ToString(), record.FetchedAt, keys.Count);
        return true;
    }

    private void Use(Merchant merchant, CertificateRecord record, IReadOnlyList<VerificationKey> keys, CertificateSource source)
    {
        var state = states.For(merchant.MchId);
        merchant.UseDownloadedKeys(keys);
        state.FetchedAt = record.FetchedAt;
        state.Source = source;
        state.NotFound = record.NotFound;
    }

    private async Task ReleaseAsync(string mchId, string? token)
    {
        if (token is null)
        {
            return;
        }

        try
        {
            await shared.ReleaseAsync(mchId, token);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            // The lock expires by itself (LockTime); nothing else to do.
        }
    }

    private static TimeSpan LockTime(CertificateOptions settings) => settings.DownloadTimeout * 2 + TimeSpan.FromSeconds(5);

    private static TimeSpan Jittered(CertificateOptions settings) =>
        settings.RefreshInterval * (1 + settings.RefreshJitter * (2 * Random.Shared.NextDouble() - 1));

    private DateTimeOffset Later(DateTimeOffset due, TimeSpan minimum)
    {
        var earliest = timeProvider.GetUtcNow() + minimum;
        return due > earliest ? due : earliest;
    }

    internal static bool IsRedisFailure(Exception ex) => ex is RedisException or TimeoutException or ObjectDisposedException;

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = EventIds.CertificatesDownloaded, Level = LogLevel.Information,
        Message = "Merchant {MchId}: downloaded platform certificates {Certificates} from {Destination}")]
    private static partial void LogDownloaded(ILogger logger, string mchId, string certificates, string destination);

    [LoggerMessage(EventId = EventIds.CertificatesAdopted, Level = LogLevel.Information,
        Message = "Merchant {MchId}: using the platform certificate set from {Source} fetched at {FetchedAt:O} ({Count} usable)")]
    private static partial void LogAdopted(ILogger logger, string mchId, string source, DateTimeOffset fetchedAt, int count);

    [LoggerMessage(EventId = EventIds.CertificateDownloadFailed, Level = LogLevel.Warning,
        Message = "Merchant {MchId}: platform certificate download failed: {Error}; still verifying with {Held}")]
    private static partial void LogDownloadFailed(ILogger logger, Exception? exception, string mchId, string error, string held);

    [LoggerMessage(EventId = EventIds.CertificateRejected, Level = LogLevel.Warning,
        Message = "Merchant {MchId}: platform certificate {Serial} from /v3/certificates is not trusted: {Reason}")]
    private static partial void LogCertificateRejected(ILogger logger, string mchId, string? serial, string reason);

    [LoggerMessage(EventId = EventIds.CertificateRecordRejected, Level = LogLevel.Warning,
        Message = "Merchant {MchId}: the platform certificate set kept in {Source} is not usable ({Error}); it is ignored. A record that does not decrypt under the merchant's APIv3 key was not written by this gateway")]
    private static partial void LogRecordRejected(ILogger logger, string mchId, string source, string error);

    [LoggerMessage(EventId = EventIds.CertificatesNotFoundPublicKeyMode, Level = LogLevel.Information,
        Message = "Merchant {MchId}: WeChat Pay has no platform certificate for this merchant (public-key mode); verifying with the configured WeChat Pay public key")]
    private static partial void LogNotFoundPublicKeyMode(ILogger logger, string mchId);

    [LoggerMessage(EventId = EventIds.CertificatesNotFoundWithoutPublicKey, Level = LogLevel.Error,
        Message = "Merchant {MchId}: WeChat Pay has no platform certificate for this merchant and no WeChat Pay public key is configured; answers and callbacks cannot be verified. Configure PublicKeyFile and PublicKeyId for the merchant")]
    private static partial void LogNotFoundWithoutPublicKey(ILogger logger, string mchId);

    [LoggerMessage(EventId = EventIds.CertificateRefreshRateLimited, Level = LogLevel.Debug,
        Message = "Merchant {MchId}: no download for unknown serial {Serial}: one ran less than EdgeGateway:Certificates:UnknownSerialRefreshInterval ago")]
    private static partial void LogRateLimited(ILogger logger, string mchId, string serial);

    [LoggerMessage(EventId = EventIds.CertificateSharedStoreUnavailable, Level = LogLevel.Warning,
        Message = "Merchant {MchId}: Redis is unavailable for the shared certificate set ({Error}); refreshing without it")]
    private static partial void LogSharedUnavailable(ILogger logger, string mchId, string error);
}

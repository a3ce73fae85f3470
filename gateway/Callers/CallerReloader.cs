using System.Text.Json;
using EdgeGateway.Configuration;
using EdgeGateway.Telemetry;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Callers;

/// <summary>
/// Keeps <see cref="CallerRegistry"/> in step with the configuration. Callers are part of the one configuration the
/// gateway validates as a whole (<see cref="PolicyCatalogProvider"/>): when a reload is valid the callers are replaced
/// at once; when it is rejected nothing changes and, if callers were among the problems, that is said here too
/// (event <see cref="EventIds.CallersReloadRejected"/>) and counted. Only caller names are logged, never keys or hashes.
/// </summary>
internal sealed partial class CallerReloader(PolicyCatalogProvider configuration, IOptionsMonitor<CallersOptions> options, CallerRegistry registry,
    CallerMetrics metrics, ILogger<CallerReloader> logger) : IHostedService
{
    private string _applied = string.Empty;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _applied = Fingerprint(options.CurrentValue);
        configuration.Changed += OnChanged;
        configuration.Rejected += OnRejected;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        configuration.Changed -= OnChanged;
        configuration.Rejected -= OnRejected;
        return Task.CompletedTask;
    }

    private void OnChanged(PolicyCatalog _)
    {
        var current = options.CurrentValue;
        var fingerprint = Fingerprint(current);
        if (fingerprint == _applied)
        {
            return; // routes or policies changed, callers did not
        }

        var set = registry.Replace(current);
        _applied = fingerprint;
        // Logged before it is counted: whoever sees the count (a dashboard, a test) finds the line that says why.
        LogReloaded(logger, set.Callers.Count, string.Join(", ", set.Callers.Select(c => c.Name)), set.AllowsUnauthenticated);
        metrics.Reloaded("applied");
    }

    private void OnRejected(IReadOnlyList<ConfigProblem> problems)
    {
        var callerProblems = problems.Where(p => p.Subject.StartsWith(CallersOptions.CallersKey, StringComparison.Ordinal)).ToList();
        if (callerProblems.Count == 0)
        {
            return;
        }

        LogRejected(logger, callerProblems.Count, string.Join(" | ", callerProblems));
        metrics.Reloaded("rejected");
    }

    /// <summary>What the callers section says (hashes included: only compared, never logged).</summary>
    private static string Fingerprint(CallersOptions callers) =>
        JsonSerializer.Serialize(new { callers.AllowUnauthenticatedCallers, Callers = callers.Callers.OrderBy(c => c.Key, StringComparer.Ordinal) });

    [LoggerMessage(EventId = EventIds.CallersReloaded, Level = LogLevel.Information,
        Message = "Callers reloaded: {Count} callers ({Callers}); unauthenticated callers allowed: {AllowUnauthenticated}")]
    private static partial void LogReloaded(ILogger logger, int count, string callers, bool allowUnauthenticated);

    [LoggerMessage(EventId = EventIds.CallersReloadRejected, Level = LogLevel.Warning,
        Message = "Callers edit rejected ({Count} problems); the last good callers keep authenticating: {Problems}")]
    private static partial void LogRejected(ILogger logger, int count, string problems);
}

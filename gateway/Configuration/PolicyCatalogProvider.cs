using System.Security.Cryptography;
using System.Text;
using EdgeGateway.Configuration.Files;
using EdgeGateway.Telemetry;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Configuration;

/// <summary>
/// The active configuration of config/: routes and clusters (handed to YARP through
/// <see cref="ValidatedProxyConfigProvider"/>) and the policy catalogue, validated together as one. At start an
/// invalid configuration stops the gateway with every problem listed; on a hot reload it is rejected as a whole,
/// logged and shown on GET /config, and the last good routes and policies keep serving together.
/// </summary>
public sealed partial class PolicyCatalogProvider : IDisposable
{
    /// <summary>Edits of several files that land within this time are validated as one change.</summary>
    internal static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(300);

    private readonly IConfiguration _configuration;
    private readonly IReadOnlyList<IGatewayConfigValidator> _validators;
    private readonly IServiceProvider _services;
    private readonly YarpConfigBinder _binder;
    private readonly ConfigFiles _files;
    private readonly StartupProblems _startupProblems;
    private readonly IHostEnvironment _environment;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PolicyCatalogProvider> _logger;
    private readonly ConfigMetrics _metrics;
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private readonly Lock _gate = new();
    private IDisposable? _subscription;
    private ITimer? _settle;
    private CancellationTokenSource? _proxyChange;
    private volatile ActiveCatalog? _active;
    private volatile PolicyCatalog? _current;
    private volatile ProxyConfigSnapshot? _proxy;

    internal PolicyCatalogProvider(IConfiguration configuration, IEnumerable<IGatewayConfigValidator> validators, IServiceProvider services, YarpConfigBinder binder,
        ConfigFiles files, StartupProblems startupProblems, IHostEnvironment environment, TimeProvider timeProvider, ILogger<PolicyCatalogProvider> logger,
        System.Diagnostics.Metrics.IMeterFactory meterFactory)
    {
        _metrics = new ConfigMetrics(meterFactory, () => FilesApplied);
        _configuration = configuration;
        _validators = [.. validators];
        _services = services;
        _binder = binder;
        _files = files;
        _startupProblems = startupProblems;
        _environment = environment;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// The active catalogue. Only valid after <see cref="Initialize"/>. A policy that the last reload removed is
    /// still found here under its old values, because requests that started under the previous routes may still
    /// name it while YARP switches to the new ones.
    /// </summary>
    public PolicyCatalog Current => _current ?? throw new InvalidOperationException("The policy catalogue is not loaded yet.");

    /// <summary>The active configuration: its version (hash), load time, routes, clusters, policies and source files.</summary>
    public ActiveCatalog Active => _active ?? throw new InvalidOperationException("The policy catalogue is not loaded yet.");

    /// <summary>The last reload that was refused, and why (kept after later reloads succeed, for the record).</summary>
    public ConfigRejection? LastRejection { get; private set; }

    /// <summary>False while the files on disk hold a configuration that was rejected (the last good one serves).</summary>
    public bool FilesApplied { get; private set; } = true;

    /// <summary>Raised after a valid reload replaced the configuration.</summary>
    public event Action<PolicyCatalog>? Changed;

    /// <summary>Raised after a reload was rejected, with its problems (nothing changed).</summary>
    public event Action<IReadOnlyList<ConfigProblem>>? Rejected;

    internal IProxyConfig ProxyConfig => _proxy ?? throw new InvalidOperationException("The configuration is not loaded yet.");

    /// <summary>
    /// Loads and validates the configuration, host-setting problems found while the host was assembled included;
    /// throws <see cref="GatewayConfigurationException"/> listing every problem.
    /// </summary>
    public void Initialize()
    {
        var candidate = Validate();
        var problems = _startupProblems.Errors.Concat(candidate.Problems.Select(p => p.ToString())).ToList();
        if (problems.Count > 0)
        {
            throw new GatewayConfigurationException(problems);
        }

        Activate(candidate);
        LogLoaded(_logger, candidate.Version, candidate.Routes.Count, candidate.Clusters.Count);
        _subscription = ChangeToken.OnChange(_configuration.GetReloadToken, ScheduleReload);
    }

    /// <summary>Reads and validates what the configuration holds now, without activating it.</summary>
    public ConfigCandidate Validate()
    {
        var problems = new List<ConfigProblem>(_files.Problems());
        IReadOnlyList<RouteConfig> routes = [];
        IReadOnlyList<ClusterConfig> clusters = [];
        try
        {
            (routes, clusters) = _binder.Read();
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            problems.Add(new ConfigProblem(GatewayConfigValidationContext.RoutesFile, "ReverseProxy",
                $"{Describe(ex)}; write the value in the form YARP expects (durations as \"hh:mm:ss\", e.g. \"00:00:15\"; see config/README.md)."));
        }

        var catalog = PolicyBinder.Bind(_configuration, problems);
        var context = new GatewayConfigValidationContext
        {
            Policies = catalog,
            Routes = routes,
            Clusters = clusters,
            AllowsInsecureUpstreams = _environment.IsDevelopment() || _configuration.GetValue<bool>("EdgeGateway:Sandbox:Enabled"),
        };
        foreach (var validator in _validators)
        {
            validator.Validate(context);
        }

        problems.AddRange(context.Problems);
        problems.AddRange(YarpChecks.Run(_services, routes, clusters));
        return new ConfigCandidate(catalog, routes, clusters, Version(_configuration), problems);
    }

    /// <summary>
    /// What a reload validates and applies, besides the files of config/: the callers of appsettings (a reloaded
    /// appsettings.json changes who may call without a restart).
    /// </summary>
    private static readonly string[] VersionedSections = ["ReverseProxy", PolicyCatalog.SectionName, "Callbacks", "EdgeGateway:Callers", "EdgeGateway:AllowUnauthenticatedCallers"];

    /// <summary>The version of a configuration: a hash of every value of ReverseProxy, Policies, Callbacks and the callers (whatever file or override set it).</summary>
    public static string Version(IConfiguration configuration)
    {
        var text = new StringBuilder();
        foreach (var section in VersionedSections)
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable().Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                text.Append(key).Append('=').Append(value).Append('\n');
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>Binds the whole catalogue as the configuration holds it now (throws on a value of the wrong type).</summary>
    public static PolicyCatalog Bind(IConfiguration configuration) =>
        configuration.GetSection(PolicyCatalog.SectionName).Get<PolicyCatalog>() ?? new PolicyCatalog();

    /// <summary>An exception's message and its inner ones', as one line.</summary>
    internal static string Describe(Exception ex)
    {
        var parts = new List<string>();
        for (var current = ex; current is not null; current = current.InnerException)
        {
            if (current is not AggregateException)
            {
                parts.Add(current.Message.TrimEnd('.'));
            }
        }

        return string.Join(": ", parts.Distinct());
    }

    internal void RecordRefusal(ConfigProblem problem)
    {
        LastRejection = new ConfigRejection(_timeProvider.GetUtcNow(), [problem]);
        FilesApplied = false;
    }

    /// <summary>Waits for the edit to settle (several files may be changing together), then validates once.</summary>
    private void ScheduleReload()
    {
        lock (_gate)
        {
            _settle?.Dispose();
            _settle = _timeProvider.CreateTimer(_ => _ = ReloadAsync(), null, SettleDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task ReloadAsync()
    {
        await _reloading.WaitAsync();
        try
        {
            var candidate = Validate();
            if (candidate.Problems.Count > 0)
            {
                LastRejection = new ConfigRejection(_timeProvider.GetUtcNow(), candidate.Problems);
                FilesApplied = false;
                _metrics.Reload("rejected");
                LogReloadRejected(_logger, candidate.Problems.Count, string.Join(" | ", candidate.Problems));
                Rejected?.Invoke(candidate.Problems);
                return;
            }

            FilesApplied = true;
            if (candidate.Version == _active?.Version)
            {
                _metrics.Reload("unchanged");
                return;
            }

            Activate(candidate);
            _metrics.Reload("applied");
            LogReloaded(_logger, candidate.Version, candidate.Routes.Count, candidate.Clusters.Count);
            Changed?.Invoke(candidate.Catalog);
        }
        catch (Exception ex)
        {
            // A bug here must not take the process down from a timer thread: keep serving the last good configuration.
            LastRejection = new ConfigRejection(_timeProvider.GetUtcNow(), [new ConfigProblem("config/", "reload", $"the reload failed unexpectedly ({Describe(ex)}); the last good configuration keeps serving.")]);
            FilesApplied = false;
            _metrics.Reload("rejected");
            LogReloadFailed(_logger, ex);
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <summary>Policies first, then routes: a route that arrives names only policies that are already there.</summary>
    private void Activate(ConfigCandidate candidate)
    {
        var previous = _active;
        _current = previous is null ? candidate.Catalog : PolicyCatalogMerge.KeepRemoved(candidate.Catalog, previous.Catalog);
        _active = new ActiveCatalog(candidate.Catalog, candidate.Version, _timeProvider.GetUtcNow(), candidate.Routes, candidate.Clusters, _files.States);

        var change = new CancellationTokenSource();
        var old = _proxyChange;
        _proxyChange = change;
        _proxy = new ProxyConfigSnapshot(candidate.Routes, candidate.Clusters, new CancellationChangeToken(change.Token));
        // Not disposed: YARP may still be registering on the old token while it applies it; a cancelled source holds nothing.
        old?.Cancel();
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        lock (_gate)
        {
            _settle?.Dispose();
        }

        _proxyChange?.Dispose();
        _reloading.Dispose();
    }

    [LoggerMessage(EventId = EventIds.ConfigLoaded, Level = LogLevel.Information,
        Message = "Configuration loaded: version {Version}, {Routes} routes, {Clusters} clusters")]
    private static partial void LogLoaded(ILogger logger, string version, int routes, int clusters);

    [LoggerMessage(EventId = EventIds.ConfigReloadRejected, Level = LogLevel.Error,
        Message = "Configuration reload rejected ({Count} problems); the last good configuration keeps serving: {Problems}")]
    private static partial void LogReloadRejected(ILogger logger, int count, string problems);

    [LoggerMessage(EventId = EventIds.ConfigReloadRejected, Level = LogLevel.Error,
        Message = "Configuration reload failed; the last good configuration keeps serving")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = EventIds.ConfigReloaded, Level = LogLevel.Information,
        Message = "Configuration reloaded: version {Version}, {Routes} routes, {Clusters} clusters")]
    private static partial void LogReloaded(ILogger logger, string version, int routes, int clusters);
}

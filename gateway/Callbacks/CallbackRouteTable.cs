using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using EdgeGateway.Configuration;
using EdgeGateway.Telemetry;

namespace EdgeGateway.Callbacks;

/// <summary>
/// The callback routes of config/callbacks.json (section <c>Callbacks</c>), hot-reloaded with the rest of config/:
/// they change when the whole configuration is accepted (<see cref="PolicyCatalogProvider.Changed"/>), and a reload
/// rejected for a problem in this file is logged here too while the last good routes keep serving.
/// </summary>
internal sealed partial class CallbackRouteTable : IDisposable
{
    public const string SectionName = "Callbacks";

    private readonly IConfiguration _configuration;
    private readonly IReadOnlyList<CallbackRouteRule> _rules;
    private readonly ILogger<CallbackRouteTable> _logger;
    private readonly PolicyCatalogProvider _configurationState;
    private volatile FrozenDictionary<string, CallbackRoute> _routes;

    public CallbackRouteTable(IConfiguration configuration, IEnumerable<IGatewayConfigValidator> validators, PolicyCatalogProvider configurationState,
        ILogger<CallbackRouteTable> logger)
    {
        _configuration = configuration;
        _configurationState = configurationState;
        _rules = [.. validators.OfType<CallbackRouteRule>()];
        _logger = logger;
        var (routes, problems) = Load();
        if (problems.Count > 0)
        {
            throw new GatewayConfigurationException([.. problems.Select(p => p.ToString())]);
        }

        _routes = routes;
        configurationState.Changed += OnChanged;
        configurationState.Rejected += OnRejected;
    }

    public IReadOnlyDictionary<string, CallbackRoute> Routes => _routes;

    public bool TryGet(string name, [NotNullWhen(true)] out CallbackRoute? route) => _routes.TryGetValue(name, out route);

    /// <summary>Reads the routes as the configuration holds them now (names compare case-insensitively, as configuration keys do).</summary>
    public static IReadOnlyDictionary<string, CallbackRoute> Bind(IConfiguration configuration)
    {
        var routes = new Dictionary<string, CallbackRoute>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in configuration.GetSection(SectionName).GetChildren())
        {
            routes[child.Key] = new CallbackRoute { MchId = child["MchId"]?.Trim(), TargetUrl = child["TargetUrl"]?.Trim() };
        }

        return routes;
    }

    private (FrozenDictionary<string, CallbackRoute> Routes, IReadOnlyList<ConfigProblem> Problems) Load()
    {
        var routes = Bind(_configuration);
        var context = new GatewayConfigValidationContext { Policies = new PolicyCatalog(), Routes = [], Clusters = [] };
        foreach (var rule in _rules)
        {
            rule.Check(routes, context);
        }

        return (routes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), context.Problems);
    }

    private void OnChanged(PolicyCatalog catalog)
    {
        var (routes, problems) = Load();
        if (problems.Count > 0)
        {
            // The file changed again after the configuration was accepted; that change is validated on its own.
            return;
        }

        if (routes.Count != _routes.Count || routes.Any(r => !_routes.TryGetValue(r.Key, out var old) || old.MchId != r.Value.MchId || old.TargetUrl != r.Value.TargetUrl))
        {
            _routes = routes;
            LogReloaded(_logger, routes.Count);
        }
    }

    private void OnRejected(IReadOnlyList<ConfigProblem> problems)
    {
        var own = problems.Where(p => p.File == CallbackRouteRule.File).ToList();
        if (own.Count > 0)
        {
            LogReloadRejected(_logger, own.Count, string.Join(" | ", own));
        }
    }

    public void Dispose()
    {
        _configurationState.Changed -= OnChanged;
        _configurationState.Rejected -= OnRejected;
    }

    [LoggerMessage(EventId = EventIds.CallbackRoutesReloaded, Level = LogLevel.Information, Message = "Callback routes reloaded: {Count} route(s)")]
    private static partial void LogReloaded(ILogger logger, int count);

    [LoggerMessage(EventId = EventIds.CallbackRoutesReloadRejected, Level = LogLevel.Warning,
        Message = "config/callbacks.json was changed but has {Count} problem(s); the last good callback routes keep serving: {Problems}")]
    private static partial void LogReloadRejected(ILogger logger, int count, string problems);
}

using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using EdgeGateway.Configuration;
using EdgeGateway.Telemetry;
using Microsoft.Extensions.Primitives;

namespace EdgeGateway.Callbacks;

/// <summary>
/// The callback routes of config/callbacks.json (section <c>Callbacks</c>), hot-reloaded: a reload that
/// breaks a <see cref="CallbackRouteRule"/> is logged and rejected, and the last good routes keep serving.
/// </summary>
internal sealed partial class CallbackRouteTable : IDisposable
{
    public const string SectionName = "Callbacks";

    private readonly IConfiguration _configuration;
    private readonly IReadOnlyList<CallbackRouteRule> _rules;
    private readonly ILogger<CallbackRouteTable> _logger;
    private readonly IDisposable _subscription;
    private volatile FrozenDictionary<string, CallbackRoute> _routes;

    public CallbackRouteTable(IConfiguration configuration, IEnumerable<IGatewayConfigValidator> validators, ILogger<CallbackRouteTable> logger)
    {
        _configuration = configuration;
        _rules = [.. validators.OfType<CallbackRouteRule>()];
        _logger = logger;
        var (routes, problems) = Load();
        if (problems.Count > 0)
        {
            throw new GatewayConfigurationException([.. problems.Select(p => p.ToString())]);
        }

        _routes = routes;
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
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

    private void Reload()
    {
        var (routes, problems) = Load();
        if (problems.Count > 0)
        {
            LogReloadRejected(_logger, problems.Count, string.Join(" | ", problems));
            return;
        }

        if (routes.Count != _routes.Count || routes.Any(r => !_routes.TryGetValue(r.Key, out var old) || old.MchId != r.Value.MchId || old.TargetUrl != r.Value.TargetUrl))
        {
            _routes = routes;
            LogReloaded(_logger, routes.Count);
        }
    }

    public void Dispose() => _subscription.Dispose();

    [LoggerMessage(EventId = EventIds.CallbackRoutesReloaded, Level = LogLevel.Information, Message = "Callback routes reloaded: {Count} route(s)")]
    private static partial void LogReloaded(ILogger logger, int count);

    [LoggerMessage(EventId = EventIds.CallbackRoutesReloadRejected, Level = LogLevel.Warning,
        Message = "config/callbacks.json was changed but has {Count} problem(s); the last good callback routes keep serving: {Problems}")]
    private static partial void LogReloadRejected(ILogger logger, int count, string problems);
}

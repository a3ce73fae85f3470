using System.Security.Cryptography;
using System.Text;
using EdgeGateway.Telemetry;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Configuration;

/// <summary>
/// Holds the active, validated policy catalogue. At start an invalid configuration stops the gateway with
/// every problem listed; on a hot reload it is rejected, logged, and the last good catalogue keeps serving.
/// </summary>
public sealed partial class PolicyCatalogProvider : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly IReadOnlyList<IGatewayConfigValidator> _validators;
    private readonly IProxyConfigProvider _proxyConfig;
    private readonly IHostEnvironment _environment;
    private readonly ConfigFileErrors _fileErrors;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PolicyCatalogProvider> _logger;
    private IDisposable? _subscription;
    private volatile ActiveCatalog? _active;

    public PolicyCatalogProvider(IConfiguration configuration, IEnumerable<IGatewayConfigValidator> validators, IProxyConfigProvider proxyConfig,
        IHostEnvironment environment, TimeProvider timeProvider, ILogger<PolicyCatalogProvider> logger, ConfigFileErrors fileErrors)
    {
        _fileErrors = fileErrors;
        _configuration = configuration;
        _validators = [.. validators];
        _proxyConfig = proxyConfig;
        _environment = environment;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The active catalogue. Only valid after <see cref="Initialize"/>.</summary>
    public PolicyCatalog Current => (_active ?? throw new InvalidOperationException("The policy catalogue is not loaded yet.")).Catalog;

    /// <summary>Hash of the active configuration, load time, and the last rejected reload (if any).</summary>
    public ActiveCatalog Active => _active ?? throw new InvalidOperationException("The policy catalogue is not loaded yet.");

    public ConfigRejection? LastRejection { get; private set; }

    /// <summary>Raised after a valid reload replaced the catalogue.</summary>
    public event Action<PolicyCatalog>? Changed;

    /// <summary>Loads and validates the configuration; throws <see cref="GatewayConfigurationException"/> listing every problem.</summary>
    public void Initialize()
    {
        PolicyCatalog catalog;
        IReadOnlyList<ConfigProblem> problems;
        try
        {
            (catalog, problems) = Load();
        }
        catch (Exception ex) when (IsValueOfTheWrongType(ex))
        {
            throw new GatewayConfigurationException([$"A value in config/ has the wrong type: {ex.Message} Write durations as \"hh:mm:ss\", numbers and true/false without quotes where the field wants them, and start again."]);
        }

        if (problems.Count > 0)
        {
            throw new GatewayConfigurationException([.. problems.Select(p => p.ToString())]);
        }

        _active = new ActiveCatalog(catalog, Hash(catalog), _timeProvider.GetUtcNow());
        _subscription = ChangeToken.OnChange(_configuration.GetReloadToken, Reload);
    }

    /// <summary>Binds and validates what the configuration holds now, without activating it.</summary>
    public (PolicyCatalog Catalog, IReadOnlyList<ConfigProblem> Problems) Load()
    {
        var catalog = Bind(_configuration);
        var proxy = _proxyConfig.GetConfig();
        var context = new GatewayConfigValidationContext
        {
            Policies = catalog,
            Routes = proxy.Routes,
            Clusters = proxy.Clusters,
            AllowsInsecureUpstreams = _environment.IsDevelopment() || _configuration.GetValue<bool>("EdgeGateway:Sandbox:Enabled"),
        };
        foreach (var validator in _validators)
        {
            validator.Validate(context);
        }

        return (catalog, context.Problems);
    }

    public static PolicyCatalog Bind(IConfiguration configuration) =>
        configuration.GetSection(PolicyCatalog.SectionName).Get<PolicyCatalog>() ?? new PolicyCatalog();

    private void Reload()
    {
        PolicyCatalog catalog;
        IReadOnlyList<ConfigProblem> problems = _fileErrors.Problems;
        try
        {
            (catalog, problems) = problems.Count > 0 ? (Current, problems) : Load();
        }
        catch (Exception ex) when (IsValueOfTheWrongType(ex))
        {
            // The binder throws on values of the wrong type (e.g. "abc" for a number).
            problems = [new ConfigProblem(GatewayConfigValidationContext.PoliciesFile, "Policies", ex.Message)];
            catalog = Current;
        }

        if (problems.Count > 0)
        {
            LastRejection = new ConfigRejection(_timeProvider.GetUtcNow(), problems);
            LogReloadRejected(_logger, problems.Count, string.Join(" | ", problems));
            return;
        }

        var hash = Hash(catalog);
        if (hash == _active?.Version)
        {
            return;
        }

        _active = new ActiveCatalog(catalog, hash, _timeProvider.GetUtcNow());
        LogReloaded(_logger, hash);
        Changed?.Invoke(catalog);
    }

    /// <summary>
    /// What binding throws for a value it cannot convert: the configuration binder (InvalidOperationException), and
    /// YARP reading routes (FormatException and OverflowException for durations and numbers, ArgumentException for enums).
    /// </summary>
    private static bool IsValueOfTheWrongType(Exception ex) => ex is InvalidOperationException or FormatException or OverflowException or ArgumentException;

    private static string Hash(PolicyCatalog catalog) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(catalog))))[..16];

    public void Dispose() => _subscription?.Dispose();

    [LoggerMessage(EventId = EventIds.ConfigReloadRejected, Level = LogLevel.Error,
        Message = "Configuration reload rejected ({Count} problems); the last good configuration keeps serving: {Problems}")]
    private static partial void LogReloadRejected(ILogger logger, int count, string problems);

    [LoggerMessage(EventId = EventIds.ConfigReloaded, Level = LogLevel.Information, Message = "Policy catalogue reloaded, version {Version}")]
    private static partial void LogReloaded(ILogger logger, string version);
}

/// <summary>The active catalogue, its version (hash) and when it was loaded.</summary>
public sealed record ActiveCatalog(PolicyCatalog Catalog, string Version, DateTimeOffset LoadedAt);

/// <summary>A reload that was refused, and why.</summary>
public sealed record ConfigRejection(DateTimeOffset At, IReadOnlyList<ConfigProblem> Problems);

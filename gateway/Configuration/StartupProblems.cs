namespace EdgeGateway.Configuration;

/// <summary>
/// Problems found while the host is being assembled (host settings in appsettings.json: merchants, callback and
/// certificate options). They are not thrown where they are found but listed with every configuration problem
/// when the configuration is validated, so one run shows them all. Warnings do not stop the gateway.
/// </summary>
public sealed class StartupProblems
{
    private static readonly object Key = new();
    private readonly List<string> _errors = [];
    private readonly List<string> _warnings = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_gate)
            {
                return [.. _warnings];
            }
        }
    }

    public void AddErrors(IEnumerable<string> errors)
    {
        lock (_gate)
        {
            _errors.AddRange(errors);
        }
    }

    public void AddWarnings(IEnumerable<string> warnings)
    {
        lock (_gate)
        {
            _warnings.AddRange(warnings);
        }
    }

    /// <summary>The collector of this host (created, and registered as a service, on first use).</summary>
    public static StartupProblems For(WebApplicationBuilder builder)
    {
        if (builder.Host.Properties.TryGetValue(Key, out var existing))
        {
            return (StartupProblems)existing;
        }

        var created = new StartupProblems();
        builder.Host.Properties[Key] = created;
        builder.Services.AddSingleton(created);
        return created;
    }
}

namespace EdgeGateway.Callers;

/// <summary>
/// The authenticated internal service behind a request, set as a feature on <see cref="HttpContext"/>
/// (<see cref="CallerHttpContextExtensions.GetCaller"/>). Only its name is ever logged or traced.
/// </summary>
public sealed class Caller
{
    internal Caller(string name, IReadOnlyList<byte[]> keyHashes, IReadOnlySet<string> routes, IReadOnlySet<string> groups, IReadOnlySet<string> mchIds, byte[]? certificateThumbprint)
    {
        Name = name;
        KeyHashes = keyHashes;
        Routes = routes;
        Groups = groups;
        MchIds = mchIds;
        CertificateThumbprint = certificateThumbprint;
    }

    public const string Wildcard = "*";

    public string Name { get; }

    /// <summary>True for the <c>anonymous</c> caller admitted under <see cref="CallersOptions.AllowUnauthenticatedCallers"/>.</summary>
    public bool IsAnonymous { get; private init; }

    /// <summary>The SHA-256 of every key that authenticates this caller: more than one while a key is being rotated.</summary>
    internal IReadOnlyList<byte[]> KeyHashes { get; }

    public IReadOnlySet<string> Routes { get; }

    public IReadOnlySet<string> Groups { get; }

    public IReadOnlySet<string> MchIds { get; }

    internal byte[]? CertificateThumbprint { get; }

    internal static Caller Anonymous { get; } = new("anonymous", [], new HashSet<string> { Wildcard }, new HashSet<string>(), new HashSet<string> { Wildcard }, null)
    {
        IsAnonymous = true,
    };

    /// <summary>May this caller use the route (by id, or by one of the route's groups)?</summary>
    public bool MayUseRoute(string routeId, IReadOnlyList<string> routeGroups)
    {
        if (Routes.Contains(Wildcard) || Routes.Contains(routeId))
        {
            return true;
        }

        foreach (var group in routeGroups)
        {
            if (Groups.Contains(group))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>May this caller act for the merchant?</summary>
    public bool MayActFor(string mchId) => MchIds.Contains(Wildcard) || MchIds.Contains(mchId);
}

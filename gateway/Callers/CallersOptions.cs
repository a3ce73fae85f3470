namespace EdgeGateway.Callers;

/// <summary>The caller settings of <c>EdgeGateway</c> in appsettings: who may call, and whether anyone else may.</summary>
public sealed class CallersOptions
{
    public const string SectionName = "EdgeGateway";

    /// <summary>The configuration key of the callers, as problems name it.</summary>
    public const string CallersKey = "EdgeGateway:Callers";

    /// <summary>Callers by name. Required outside the sandbox unless <see cref="AllowUnauthenticatedCallers"/> is set.</summary>
    public Dictionary<string, CallerOptions> Callers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Default false. True lets requests without a known key through as the caller <c>anonymous</c> (all routes,
    /// all merchants) — only for a gateway that sits behind something else that authenticates; logged at start.
    /// </summary>
    public bool AllowUnauthenticatedCallers { get; set; }
}

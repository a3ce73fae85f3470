namespace EdgeGateway.Configuration;

/// <summary>A reload that was refused, and why.</summary>
public sealed record ConfigRejection(DateTimeOffset At, IReadOnlyList<ConfigProblem> Problems);

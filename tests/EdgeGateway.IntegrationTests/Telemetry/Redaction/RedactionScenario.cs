namespace EdgeGateway.IntegrationTests.Telemetry.Redaction;

/// <summary>
/// One thing the redaction test makes the gateway do, with secrets and personal data in play.
/// <see cref="Settings"/> null: runs on the shared gateway; otherwise on a gateway of its own with these
/// extra settings (an unreachable upstream, a short route timeout…), on the shared test Redis under a
/// fresh key prefix when <see cref="UsesRedis"/>.
/// </summary>
public sealed record RedactionScenario(string Name, Func<RedactionRun, Task> Run, IReadOnlyDictionary<string, string?>? Settings = null,
    bool UsesRedis = false)
{
    public override string ToString() => Name;
}

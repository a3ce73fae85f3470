namespace EdgeGateway.LoadTests.Runner;

/// <summary>
/// A scenario: one step run over and over under a load simulation. <see cref="IsSuccess"/> decides which
/// statuses count as OK for the error rate (a quota-abuse scenario expects 429s, for example).
/// </summary>
public sealed record Scenario(string Name, string Description, Func<long, CancellationToken, Task<StepOutcome>> Step)
{
    public Func<StepOutcome, bool> IsSuccess { get; init; } = outcome => outcome.Status is >= 200 and < 300;
}

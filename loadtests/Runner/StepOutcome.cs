namespace EdgeGateway.LoadTests.Runner;

/// <summary>What one scenario step ended with: an HTTP status, or an error text when there was no answer.</summary>
public readonly record struct StepOutcome(int Status, string? Error = null)
{
    public bool IsTransportError => Error is not null;

    public static StepOutcome Failed(Exception exception) => new(0, exception.GetType().Name);
}

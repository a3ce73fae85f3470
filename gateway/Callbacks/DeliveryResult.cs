namespace EdgeGateway.Callbacks;

/// <summary>The outcome of one delivery attempt: a 2xx, or why not (status or transport error), or stopped by shutdown.</summary>
internal readonly record struct DeliveryResult(bool Delivered, string? Error, bool Stopped = false)
{
    public static DeliveryResult Success { get; } = new(true, null);

    public static DeliveryResult Failure(string error) => new(false, error);

    public static DeliveryResult Interrupted { get; } = new(false, "interrupted by shutdown", Stopped: true);
}

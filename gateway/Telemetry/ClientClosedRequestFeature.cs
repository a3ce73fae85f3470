namespace EdgeGateway.Telemetry;

/// <summary>
/// Set on a request whose caller was found gone (connection reset or closed while its request was read). Needed
/// beside <see cref="HttpContext.RequestAborted"/>: Kestrel cancels that token asynchronously, possibly after the
/// request has been counted.
/// </summary>
internal sealed class ClientClosedRequestFeature
{
    public static readonly ClientClosedRequestFeature Instance = new();

    private ClientClosedRequestFeature()
    {
    }
}

using Yarp.ReverseProxy.Forwarder;

namespace EdgeGateway.Caching;

/// <summary>
/// The forwarder error of a flight's upstream call, set on each waiting request so the proxy's error mapping answers
/// it exactly as it answered the first one (502 <c>UPSTREAM_UNREACHABLE</c>, 504 <c>UPSTREAM_TIMEOUT</c>).
/// </summary>
internal sealed class SharedForwarderError(ForwarderError error, Exception? exception) : IForwarderErrorFeature
{
    public ForwarderError Error { get; } = error;

    public Exception? Exception { get; } = exception;
}

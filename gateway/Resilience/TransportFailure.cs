namespace EdgeGateway.Resilience;

/// <summary>How a failed send to WeChat Pay is classified for retries and failover.</summary>
internal static class TransportFailure
{
    /// <summary>
    /// True when the failure proves that no byte of the request reached the destination: the name did not
    /// resolve, the TCP connection was refused or unreachable, the TLS handshake failed, or the connection was
    /// not established within the connect timeout. Only then may a money-moving request be sent again
    /// (PROTOCOL.md §7: the Java SDK's failover catches the same connectivity failures).
    /// </summary>
    public static bool NothingSent(Exception exception, CancellationToken requestToken) => exception switch
    {
        HttpRequestException http => http.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
            or HttpRequestError.SecureConnectionError,

        // SocketsHttpHandler reports its ConnectTimeout as a cancellation wrapping a TimeoutException, while the
        // request's own token (caller gone, route timeout) is still live.
        OperationCanceledException { InnerException: TimeoutException } => !requestToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>True for any failure of the exchange itself (not a cancellation by the caller or the route timeout).</summary>
    public static bool IsTransportError(Exception exception, CancellationToken requestToken) =>
        exception is HttpRequestException || NothingSent(exception, requestToken);
}

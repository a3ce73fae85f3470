namespace EdgeGateway.Proxy;

/// <summary>
/// The request body, read whole by <see cref="RequestBodyBufferingMiddleware"/> before the route's rate limiter, within
/// the route's limit. Every later step (preparation, signing, forwarding) uses these bytes; the socket is not read again.
/// </summary>
internal sealed record BufferedRequestBody(byte[] Bytes);

using Microsoft.AspNetCore.Connections;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;

namespace EdgeGateway.Proxy;

/// <summary>
/// A failure that is the caller's, not the gateway's: its request could not be read (bad framing, a body over
/// Kestrel's limits, too slow) or it went away. Kestrel reports these as exceptions; this turns them into a value
/// with the answer they deserve, so no caller can make the gateway log a stack trace or count a 500.
/// </summary>
internal sealed record CallerFault(int Status, string Code, string Message, string Reason)
{
    /// <summary>Not a status anyone receives: what the metrics and the request log count for a request whose caller left.</summary>
    public const int ClientClosedRequest = AnsweredStatus.ClientClosedRequest;

    /// <summary>The caller closed or reset the connection (or the HTTP/2 stream); nothing can be answered.</summary>
    public bool CallerGone => Status == ClientClosedRequest;

    /// <summary>Whether the connection must not carry another request: its framing can no longer be trusted.</summary>
    public bool ClosesConnection => !CallerGone;

    /// <summary>The fault behind <paramref name="exception"/>, or null when it is not the caller's (a bug, answered 500).</summary>
    public static CallerFault? Classify(Exception exception, HttpContext context) => exception switch
    {
        // Kestrel's own verdicts on the request: malformed chunked framing or an unexpected end of the body (400),
        // a body over the server-wide cap (413), a body slower than MinRequestBodyDataRate (408).
        BadHttpRequestException bad => new CallerFault(bad.StatusCode,
            bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? GatewayErrorCodes.RequestTooLarge : GatewayErrorCodes.InvalidRequest,
            $"The request body could not be read: {bad.Message}", "bad_request"),
        ConnectionResetException or ConnectionAbortedException => Gone("connection_reset"),
        OperationCanceledException when context.RequestAborted.IsCancellationRequested => Gone("aborted"),
        // Kestrel's chunked parser reports a chunk size that overflows (e.g. "80000000", 2 GiB) as a plain
        // IOException from its own assembly, not as BadHttpRequestException (seen with .NET 10's Kestrel).
        IOException io when io.Source == KestrelCore => Unreadable(io.Message),
        IOException when context.RequestAborted.IsCancellationRequested => Gone("aborted"),
        _ => null,
    };

    /// <summary>A request body that broke off in a way Kestrel has no verdict for: still the caller's, answered 400.</summary>
    public static CallerFault Unreadable(string detail) =>
        new(StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest, $"The request body could not be read: {detail}", "unreadable_body");

    private const string KestrelCore = "Microsoft.AspNetCore.Server.Kestrel.Core";

    private static CallerFault Gone(string reason) => new(ClientClosedRequest, "CLIENT_CLOSED_REQUEST", "The caller closed the connection.", reason);
}

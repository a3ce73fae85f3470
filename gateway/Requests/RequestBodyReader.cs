using EdgeGateway.Transforms.Yarp;

namespace EdgeGateway.Requests;

/// <summary>
/// Reads a request body into memory, never more than a limit: the signature must cover the exact bytes
/// sent, and YARP cannot rewind a streamed body (docs/DESIGN.md, "Bodies").
/// </summary>
internal static class RequestBodyReader
{
    /// <summary>Returns the body, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    public static Task<byte[]?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken) =>
        BoundedBody.ReadAsync(request.Body, request.ContentLength, limit, cancellationToken);
}

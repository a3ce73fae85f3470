namespace EdgeGateway.Requests;

/// <summary>
/// Reads a request body into memory, never more than a limit: the signature must cover the exact bytes
/// sent, and YARP cannot rewind a streamed body (docs/DESIGN.md, "Bodies").
/// </summary>
internal static class RequestBodyReader
{
    /// <summary>Returns the body, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > limit)
            {
                return null;
            }

            if (declared == 0)
            {
                return [];
            }
        }

        var initial = (int)Math.Min(request.ContentLength ?? 4096, limit);
        using var buffer = new MemoryStream(initial);
        var chunk = new byte[Math.Min(16 * 1024, limit + 1)];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }
}

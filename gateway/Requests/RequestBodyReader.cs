using System.Buffers;

namespace EdgeGateway.Requests;

/// <summary>
/// Reads a request body into memory, never more than a limit: the signature must cover the exact bytes
/// sent, and YARP cannot rewind a streamed body (docs/DESIGN.md, "Bodies").
/// </summary>
internal static class RequestBodyReader
{
    /// <summary>Returns the body, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    /// <remarks>
    /// A body with a Content-Length (nearly every caller's) is read straight into one array of that size; only a
    /// chunked body goes through a growing buffer, with a pooled read buffer: this runs on every request.
    /// </remarks>
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

            // Kestrel delivers exactly Content-Length bytes, or fails the read when the sender stops short.
            var body = new byte[declared];
            var filled = 0;
            int got;
            while (filled < body.Length && (got = await request.Body.ReadAsync(body.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += got;
            }

            return filled == body.Length ? body : body[..filled];
        }

        using var buffer = new MemoryStream(4096);
        var chunk = ArrayPool<byte>.Shared.Rent((int)Math.Min(16 * 1024, limit + 1));
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }
}

using System.Buffers;

namespace EdgeGateway.Transforms.Yarp;

/// <summary>Reads an HTTP body from outside whole, up to a limit, so that a huge or endless answer cannot exhaust memory.</summary>
public static class BoundedBody
{
    /// <summary>The body's bytes, or null when it is (or announces itself) longer than <paramref name="limit"/>.</summary>
    /// <remarks>
    /// A body with a Content-Length (every WeChat Pay answer) is read straight into one array of that size; only a
    /// chunked one goes through a growing buffer, with a pooled read buffer: this runs on every answer.
    /// </remarks>
    public static async Task<byte[]?> ReadAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Headers.ContentLength > limit)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        if (content.Headers.ContentLength is { } length)
        {
            if (length == 0)
            {
                return [];
            }

            // HttpClient ends the stream at Content-Length, and fails the read when the sender stops short.
            var body = new byte[length];
            var filled = 0;
            int got;
            while (filled < body.Length && (got = await stream.ReadAsync(body.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += got;
            }

            return filled == body.Length ? body : body[..filled];
        }

        using var buffer = new MemoryStream(4096);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
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

        return buffer.ToArray();
    }
}

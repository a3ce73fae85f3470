using System.Buffers;

namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// Reads an HTTP body whole, up to a limit, so that a huge or endless body cannot exhaust memory: WeChat Pay's answers
/// here, and the callers' request bodies in the gateway (the signature covers the exact bytes sent).
/// </summary>
public static class BoundedBody
{
    /// <summary>The answer's bytes, or null when it is (or announces itself) longer than <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Headers.ContentLength > limit)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        return await ReadAsync(stream, content.Headers.ContentLength, limit, cancellationToken);
    }

    /// <summary>
    /// The bytes of <paramref name="stream"/> to its end, or null when they are (or <paramref name="declaredLength"/> says
    /// they are) more than <paramref name="limit"/>.
    /// </summary>
    /// <remarks>
    /// This runs for every request and every answer. A body with a declared length (nearly all of them) is read
    /// straight into one array of that size: Kestrel and HttpClient both end the stream there and fail the read when
    /// the sender stops short. Only a body without one goes through a growing buffer, read through a pooled one.
    /// </remarks>
    public static async Task<byte[]?> ReadAsync(Stream stream, long? declaredLength, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (declaredLength is { } length)
        {
            if (length > limit)
            {
                return null;
            }

            if (length == 0)
            {
                return [];
            }

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

        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }
}

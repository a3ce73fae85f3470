namespace EdgeGateway.Transforms.Yarp;

/// <summary>Reads an HTTP body from outside whole, up to a limit, so that a huge or endless answer cannot exhaust memory.</summary>
public static class BoundedBody
{
    /// <summary>The body's bytes, or null when it is (or announces itself) longer than <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Headers.ContentLength > limit)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream(content.Headers.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

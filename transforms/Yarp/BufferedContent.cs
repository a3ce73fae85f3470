namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// A forwarded body the proxy already holds (it read it whole to sign it), as the outgoing request's content. YARP's own
/// request content flushes the headers before it copies the body, so a body sent that way costs two writes; this content
/// has a known length and leaves with its headers in one. It cannot be set in a YARP transform (YARP refuses a replaced
/// content there), only in a handler of the forwarder's HttpClient.
/// </summary>
public static class BufferedContent
{
    /// <summary><paramref name="body"/> as content, with the content headers (type, encoding, …) of <paramref name="replaced"/>.</summary>
    public static ReadOnlyMemoryContent Of(ReadOnlyMemory<byte> body, HttpContent replaced)
    {
        ArgumentNullException.ThrowIfNull(replaced);
        var buffered = new ReadOnlyMemoryContent(body);
        foreach (var header in replaced.Headers)
        {
            buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return buffered;
    }
}

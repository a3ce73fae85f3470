namespace EdgeGateway.Callbacks;

/// <summary>
/// Why a callback body could not be read, when the sender is still there to be told. Kestrel reports bad framing in two
/// ways: <see cref="BadHttpRequestException"/> (a malformed chunk, a body cut short, over the server's size limit) and a
/// plain <see cref="IOException"/> (a chunk-size line too large for its parser, e.g. <c>80000000</c> = 2 GiB, wraps an
/// <see cref="OverflowException"/>). Both are the sender's fault, so both are 4xx, and the connection is closed after the
/// answer: once framing is in doubt, nothing behind it on the connection can be trusted to be a request.
/// </summary>
internal sealed record BodyReadFailure(int Status, string Reason, string Message, string Detail)
{
    /// <summary>The failure for <paramref name="exception"/>, or null when it is not about the body's framing (a bug).</summary>
    public static BodyReadFailure? From(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new(StatusCodes.Status413PayloadTooLarge, "too_large",
            "the body is larger than the server accepts", Describe(exception)),
        BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } => new(StatusCodes.Status408RequestTimeout, "body_timeout",
            "the body did not arrive in time", Describe(exception)),
        BadHttpRequestException or IOException => new(StatusCodes.Status400BadRequest, "malformed_request",
            "the request could not be read", Describe(exception)),
        _ => null,
    };

    /// <summary>Kestrel's fixed sentence for the framing error and the type; never the request line or path.</summary>
    private static string Describe(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";
}

namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// Whether the answer a caller receives carried a signature the gateway verified. Said to the caller in
/// <see cref="WeChatPayAnswerHeaders.SignatureHeader"/>, so a verified 404 cannot be mistaken for an unsigned one.
/// </summary>
public enum AnswerSignature
{
    /// <summary>WeChat Pay signed the answer and the signature verified (README.md, "What the gateway does with a request", step 10).</summary>
    Verified,

    /// <summary>
    /// The answer carried no signature: an error answer (WeChat Pay, like the official SDKs, does not require
    /// signatures on errors) or a bill file, which WeChat Pay never signs (README.md, "What the gateway does with a request").
    /// </summary>
    Unsigned,
}

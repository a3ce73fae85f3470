namespace EdgeGateway.Transforms.Yarp;

/// <summary>What the <c>WeChatPay</c> route transform does with a route's traffic.</summary>
public enum WeChatPayMode
{
    /// <summary>Sign the request and verify the answer: every v3 API route.</summary>
    SignAndVerify,

    /// <summary>
    /// Sign the request, pass the answer through unverified: only for file downloads, which WeChat Pay does
    /// not sign (<c>/v3/billdownload/file</c>, PROTOCOL.md §2.4); callers check the file's hash instead.
    /// </summary>
    SignOnly,
}

/// <summary>Settings shared by every WeChat Pay transform (bound from the gateway's host settings).</summary>
public sealed class WeChatPayTransformOptions
{
    /// <summary>User-Agent sent to WeChat Pay, which rejects requests without one (PROTOCOL.md §1.4).</summary>
    public string UserAgent { get; set; } = "EdgeGateway/1.0";

    /// <summary>Largest answer read for verification; a larger one is refused with 502. Default 8 MiB.</summary>
    public long MaxResponseBytes { get; set; } = 8 * 1024 * 1024;
}

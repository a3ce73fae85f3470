using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.UnitTests.TestSupport;

/// <summary>
/// A nonce source that always returns the same nonce, so that signatures over it are known answers
/// (PROTOCOL.md §9.4 uses the official example nonce <c>593BEC0C930BF1AFEB40B4A08C8FB242</c>).
/// </summary>
internal sealed class FixedNonceSource(string nonce) : INonceSource
{
    /// <summary>The nonce of the official gitbook example, used by the §9.4 vectors.</summary>
    public const string OfficialExampleNonce = "593BEC0C930BF1AFEB40B4A08C8FB242";

    public string Nonce { get; } = nonce;

    /// <summary>How many times <see cref="Next"/> was called.</summary>
    public int Calls { get; private set; }

    public string Next()
    {
        Calls++;
        return Nonce;
    }
}

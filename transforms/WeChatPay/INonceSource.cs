namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>Supplies request nonces; injected so that tests can assert known-answer vectors.</summary>
public interface INonceSource
{
    /// <summary>Returns a fresh nonce string that has not been used before.</summary>
    string Next();
}

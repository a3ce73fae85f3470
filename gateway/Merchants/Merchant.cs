using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Merchants;

/// <summary>A configured merchant: what signs its requests and what verifies WeChat Pay's answers to it.</summary>
public sealed class Merchant(MerchantCredentials credentials, ApiV3Key apiV3Key, VerificationKeySet configuredKeys)
{
    private volatile VerificationKeySet _keys = configuredKeys;

    public string MchId => Credentials.MchId;

    public MerchantCredentials Credentials { get; } = credentials;

    /// <summary>Decrypts certificates and callback resources; never logged.</summary>
    public ApiV3Key ApiV3Key { get; } = apiV3Key;

    /// <summary>Keys configured from files (platform certificates, public key); they are always trusted.</summary>
    public VerificationKeySet ConfiguredKeys { get; } = configuredKeys;

    /// <summary>The keys that verify answers and callbacks now: configured plus downloaded.</summary>
    public VerificationKeySet VerificationKeys => _keys;

    /// <summary>Replaces the downloaded part of the key set (configured keys always stay).</summary>
    public void UseDownloadedKeys(IEnumerable<VerificationKey> downloaded) => _keys = ConfiguredKeys.With(downloaded);

    /// <summary>The serial to advertise in requests: the public key id if configured, else the newest certificate.</summary>
    public string? AdvertisedSerial(DateTimeOffset now) => _keys.PreferredSerial(now);

    public override string ToString() => Credentials.ToString();
}

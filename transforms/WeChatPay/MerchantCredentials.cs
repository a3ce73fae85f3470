using System.Security.Cryptography;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// What a merchant signs with: its mchid, the serial of its merchant API certificate and the matching
/// private key (<c>apiclient_key.pem</c>). The APIv3 key is kept apart (<see cref="ApiV3Key"/>) because
/// only decryption needs it.
/// </summary>
public sealed class MerchantCredentials
{
    public MerchantCredentials(string mchId, string certificateSerial, RSA privateKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(mchId);
        ArgumentException.ThrowIfNullOrEmpty(certificateSerial);
        ArgumentNullException.ThrowIfNull(privateKey);
        MchId = mchId;
        CertificateSerial = certificateSerial;
        PrivateKey = privateKey;
    }

    public string MchId { get; }

    /// <summary>The merchant API certificate serial, sent as <c>serial_no</c>.</summary>
    public string CertificateSerial { get; }

    public RSA PrivateKey { get; }

    /// <summary>Never prints key material.</summary>
    public override string ToString() => $"merchant {MchId} (certificate {CertificateSerial})";
}

using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;

namespace EdgeGateway.Merchants.Pkcs11;

/// <summary>
/// A merchant RSA key that stays in a PKCS#11 token, usable wherever the gateway takes an <see cref="RSA"/>:
/// <see cref="SignHash"/> is <c>CKM_RSA_PKCS</c> over the DER DigestInfo of the SHA-256 hash (what
/// <c>CKM_SHA256_RSA_PKCS</c> does inside the token, byte for byte the same signature), <see cref="Decrypt"/> is
/// <c>CKM_RSA_PKCS_OAEP</c>. Public operations use the public key read from the token; the private key cannot be
/// exported.
/// </summary>
internal sealed class Pkcs11RsaKey : RSA
{
    // DER of DigestInfo { AlgorithmIdentifier { id-sha256, NULL }, OCTET STRING (32) } before the hash (RFC 8017 §9.2).
    private static readonly byte[] Sha256DigestInfoPrefix = Convert.FromHexString("3031300d060960864801650304020105000420");

    private readonly Pkcs11SessionPool _pool;
    private readonly RSAParameters _public;
    private readonly RSA _publicKey;

    public Pkcs11RsaKey(Pkcs11SessionPool pool, RSAParameters publicParameters)
    {
        _pool = pool;
        _public = new RSAParameters { Modulus = publicParameters.Modulus, Exponent = publicParameters.Exponent };
        _publicKey = Create(_public);
        KeySizeValue = _publicKey.KeySize;
        LegalKeySizesValue = [new KeySizes(KeySizeValue, KeySizeValue, 0)];
    }

    internal Pkcs11SessionPool Pool => _pool;

    public override RSAParameters ExportParameters(bool includePrivateParameters)
    {
        if (includePrivateParameters)
        {
            throw new CryptographicException($"{_pool.Location.Where}: the private key is in a PKCS#11 token ({_pool.Location.TokenDescription}) and cannot be exported.");
        }

        return new RSAParameters { Modulus = (byte[])_public.Modulus!.Clone(), Exponent = (byte[])_public.Exponent!.Clone() };
    }

    public override void ImportParameters(RSAParameters parameters) =>
        throw new NotSupportedException("A PKCS#11 key is chosen in configuration, not imported.");

    public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hashAlgorithm != HashAlgorithmName.SHA256 || padding != RSASignaturePadding.Pkcs1 || hash.Length != 32)
        {
            throw new CryptographicException("A PKCS#11 merchant key signs SHA-256 hashes with PKCS#1 v1.5 only (WECHATPAY2-SHA256-RSA2048).");
        }

        var digestInfo = new byte[Sha256DigestInfoPrefix.Length + hash.Length];
        Sha256DigestInfoPrefix.CopyTo(digestInfo, 0);
        hash.CopyTo(digestInfo, Sha256DigestInfoPrefix.Length);
        return _pool.Use((session, key) =>
        {
            using var mechanism = Pkcs11Libraries.Factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS);
            return session.Sign(mechanism, key, digestInfo);
        });
    }

    public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding) =>
        _publicKey.VerifyHash(hash, signature, hashAlgorithm, padding);

    public override byte[] Encrypt(byte[] data, RSAEncryptionPadding padding) => _publicKey.Encrypt(data, padding);

    public override byte[] Decrypt(byte[] data, RSAEncryptionPadding padding)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(padding);
        var mechanism = padding == RSAEncryptionPadding.OaepSHA1 ? CKM.CKM_SHA_1
            : padding == RSAEncryptionPadding.OaepSHA256 ? CKM.CKM_SHA256
            : throw new CryptographicException("A PKCS#11 merchant key decrypts RSA-OAEP (SHA-1 or SHA-256) only.");
        var mgf = mechanism == CKM.CKM_SHA_1 ? CKG.CKG_MGF1_SHA1 : CKG.CKG_MGF1_SHA256;
        return _pool.Use((session, key) =>
        {
            var parameters = Pkcs11Libraries.Factories.MechanismParamsFactory.CreateCkRsaPkcsOaepParams(
                ConvertUtils.UInt64FromCKM(mechanism), ConvertUtils.UInt64FromCKG(mgf), ConvertUtils.UInt64FromUInt32(CKZ.CKZ_DATA_SPECIFIED), null);
            using var oaep = Pkcs11Libraries.Factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS_OAEP, parameters);
            try
            {
                return session.Decrypt(oaep, key, data);
            }
            catch (Pkcs11Exception ex) when (!Pkcs11SessionPool.IsLost(ex.RV))
            {
                throw new CryptographicException($"The token refused to decrypt ({ex.RV}).", ex);
            }
        });
    }

    /// <summary>A cheap round trip to the token (session info) that finds a lost token and reconnects after the backoff.</summary>
    public bool Probe()
    {
        try
        {
            return _pool.Use((session, _) => session.GetSessionInfo() is not null);
        }
        catch (MerchantKeyUnavailableException)
        {
            return false;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _publicKey.Dispose();
        }

        base.Dispose(disposing);
    }
}

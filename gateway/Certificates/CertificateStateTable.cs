using System.Collections.Concurrent;

namespace EdgeGateway.Certificates;

/// <summary>The <see cref="MerchantCertificateState"/> of every merchant, by mchid.</summary>
internal sealed class CertificateStateTable
{
    private readonly ConcurrentDictionary<string, MerchantCertificateState> _states = new(StringComparer.Ordinal);

    public MerchantCertificateState For(string mchId) => _states.GetOrAdd(mchId, _ => new MerchantCertificateState());

    public IEnumerable<KeyValuePair<string, MerchantCertificateState>> All => _states;
}

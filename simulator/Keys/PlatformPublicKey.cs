using System.Security.Cryptography;

namespace EdgeGateway.Simulator.Keys;

/// <summary>The simulated WeChat Pay public key (public-key mode): its id and the private half that signs.</summary>
public sealed record PlatformPublicKey(string PublicKeyId, RSA PrivateKey);

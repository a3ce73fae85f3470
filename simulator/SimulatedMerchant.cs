using System.Security.Cryptography;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Simulator;

/// <summary>
/// A merchant the simulator knows: requests are verified with its public key and certificate serial,
/// certificates and callbacks are encrypted with its APIv3 key.
/// </summary>
public sealed record SimulatedMerchant(string MchId, string CertificateSerial, RSA PublicKey, ApiV3Key ApiV3Key);

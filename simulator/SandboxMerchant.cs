namespace EdgeGateway.Simulator;

/// <summary>
/// What a gateway configures for the sandbox merchant (its <c>EdgeGateway:Merchants:{mchid}</c> entry): the id, the
/// serial of the API certificate the simulator checks signatures against, and the files of the private key and the
/// APIv3 key. Test keys only; the simulator keeps the platform side.
/// </summary>
public sealed record SandboxMerchant(string MchId, string CertificateSerial, string PrivateKeyFile, string ApiV3KeyFile);

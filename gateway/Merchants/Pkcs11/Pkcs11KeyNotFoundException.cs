namespace EdgeGateway.Merchants.Pkcs11;

/// <summary>The configured token or key is not there; <see cref="Setting"/> names the setting that pointed at it.</summary>
internal sealed class Pkcs11KeyNotFoundException(string setting, string message) : Exception(message)
{
    public string Setting { get; } = setting;
}

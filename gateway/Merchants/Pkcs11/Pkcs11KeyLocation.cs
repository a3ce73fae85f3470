namespace EdgeGateway.Merchants.Pkcs11;

/// <summary>Where one merchant key lives, validated: the library, the token and the key, and the PIN to log in with.</summary>
internal sealed record Pkcs11KeyLocation(string Where, string LibraryPath, string? TokenLabel, ulong? Slot, string? KeyLabel, byte[]? KeyId,
    string PinSetting, int Sessions)
{
    /// <summary>The token as configured, for messages: its label or its slot.</summary>
    public string TokenDescription => TokenLabel is not null ? $"token '{TokenLabel}'" : $"slot {Slot}";

    /// <summary>The key as configured, for messages: its label or its id.</summary>
    public string KeyDescription => KeyLabel is not null ? $"label '{KeyLabel}'" : $"id {Convert.ToHexStringLower(KeyId!)}";

    /// <summary>The setting that names the key, for messages.</summary>
    public string KeySetting => KeyLabel is not null ? "KeyLabel" : "KeyId";

    /// <summary>The setting that names the token, for messages.</summary>
    public string TokenSetting => TokenLabel is not null ? "TokenLabel" : "Slot";
}

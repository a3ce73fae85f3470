using System.Text;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// The merchant's APIv3 key: 32 ASCII characters whose bytes are the AES-256-GCM key (PROTOCOL.md §3.2).
/// Holds the bytes only; <see cref="ToString"/> never reveals them.
/// </summary>
public sealed class ApiV3Key
{
    public const int Length = 32;

    private readonly byte[] _bytes;

    private ApiV3Key(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Parses the key text, trimming surrounding whitespace (files often end in a newline).</summary>
    public static bool TryCreate(string? text, out ApiV3Key? key, out string? error)
    {
        key = null;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = "the APIv3 key is empty";
            return false;
        }

        if (!Ascii.IsValid(trimmed) || Encoding.ASCII.GetByteCount(trimmed) != Length)
        {
            error = $"the APIv3 key must be exactly {Length} ASCII characters (it has {trimmed.Length})";
            return false;
        }

        key = new ApiV3Key(Encoding.ASCII.GetBytes(trimmed));
        error = null;
        return true;
    }

    /// <summary>Parses the key text or throws with a message that names no part of it.</summary>
    public static ApiV3Key Create(string text) =>
        TryCreate(text, out var key, out var error) ? key! : throw new ArgumentException(error, nameof(text));

    public override string ToString() => "ApiV3Key(***)";
}

using System.Text.Json;
using System.Text.Unicode;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// Whether JSON from outside holds only text a .NET string can carry. System.Text.Json parses bytes that are
/// not UTF-8 inside strings, and escapes of lone surrogates such as <c>"\ud800"</c>, without complaint, and throws
/// <see cref="InvalidOperationException"/> only later, when such a string is read. Parsers of outside bytes check
/// here first, so that input is refused as malformed instead of failing somewhere downstream.
/// </summary>
public static class JsonText
{
    /// <summary>
    /// False when <paramref name="utf8Json"/> is not UTF-8, or one of its strings or member names is an escape
    /// sequence that decodes to no valid text. JSON syntax is not judged here: the caller's parser does that.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<byte> utf8Json)
    {
        if (!Utf8.IsValid(utf8Json))
        {
            return false;
        }

        // Unescaped strings are valid now that the bytes are UTF-8; only escaped ones can still decode to lone surrogates.
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            return true; // not JSON, or nested too deep: the caller's parser reports that in its own words
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        return true;
    }
}

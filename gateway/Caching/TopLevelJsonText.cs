using System.Text.Json;

namespace EdgeGateway.Caching;

/// <summary>
/// Reads one top-level string member of JSON that came from outside (a request body, a decrypted callback resource)
/// without ever throwing: whatever the text holds — a lone surrogate escape, deep nesting, numbers no type can hold,
/// a root that is not an object, or no JSON at all — the answer is a string or null. One forward pass, no document.
/// </summary>
internal static class TopLevelJsonText
{
    /// <summary>Deepest nesting read; deeper text names nothing (the reader keeps one bit per level, so this costs little).</summary>
    public const int MaxDepth = 1024;

    /// <summary>The last top-level member <paramref name="name"/> when it is a string that decodes to valid text; else null.</summary>
    public static string? Find(ReadOnlySpan<byte> json, string name)
    {
        if (json.IsEmpty)
        {
            return null;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? found = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(name);
                reader.Read();
                if (match)
                {
                    found = reader.TokenType == JsonTokenType.String ? TextOrNull(ref reader) : null;
                }

                reader.Skip();
            }

            while (reader.Read())
            {
                // Drains the rest: trailing bytes after the root object throw here, so half-JSON names nothing.
            }

            return found;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null; // a member name that is an escape of no valid text
        }
    }

    /// <summary>
    /// The string, or null when it is an escape of a lone surrogate (<c>"\ud83d"</c>): the reader accepts such JSON and
    /// only refuses to turn it into a .NET string, with <see cref="InvalidOperationException"/>.
    /// </summary>
    private static string? TextOrNull(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}

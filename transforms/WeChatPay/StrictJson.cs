using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// Finds what in a JSON request body two parsers could read differently (PROTOCOL.md §11.3): the gateway keys its
/// policies on members of the body (merchant, order number, payer) and forwards the same bytes to WeChat Pay,
/// which acts on them. If the two can disagree about a member, every policy keyed on it can be steered. So a
/// body must be I-JSON (RFC 7493): UTF-8 without a byte order mark, no string that decodes to a lone surrogate,
/// each member name once per object (compared after unescaping, so <c>"mch\u0069d"</c> is <c>"mchid"</c>), and
/// no number beyond the range of an IEEE-754 double. JSON syntax is not judged here: the caller's parser does that.
/// </summary>
public static class StrictJson
{
    /// <summary>The nesting the gateway's parser accepts (System.Text.Json's default); deeper bodies are its to refuse.</summary>
    public const int MaxDepth = 64;

    /// <summary>The first ambiguity in <paramref name="utf8Json"/>, or null when there is none (or when it is not JSON at all).</summary>
    public static JsonAmbiguity? FindAmbiguity(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new JsonAmbiguity(JsonAmbiguityKind.ByteOrderMark, null,
                "The request body starts with a byte order mark; WeChat Pay v3 takes UTF-8 JSON without one.");
        }

        if (!Utf8.IsValid(utf8Json))
        {
            return new JsonAmbiguity(JsonAmbiguityKind.InvalidUtf8, null,
                "The request body is not UTF-8 text (it holds invalid bytes); WeChat Pay v3 takes UTF-8 JSON.");
        }

        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth });
        var scopes = new List<Scope>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var scope = scopes[^1];
                        if (!TryGetText(ref reader, out var name))
                        {
                            return LoneSurrogate(Pointer(scopes));
                        }

                        scope.Member = name;
                        if (!(scope.Names ??= new HashSet<string>(StringComparer.Ordinal)).Add(name))
                        {
                            var pointer = Pointer(scopes);
                            return new JsonAmbiguity(JsonAmbiguityKind.DuplicateMember, pointer,
                                $"The request body has the member \"{Printable(name)}\" twice in one object (at {Where(pointer)}); a second parser may take the other one. Send each member once.");
                        }

                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Advance(scopes);
                        scopes.Add(new Scope(reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        scopes.RemoveAt(scopes.Count - 1);
                        break;
                    case JsonTokenType.String:
                        Advance(scopes);
                        if (reader.ValueIsEscaped && !TryGetText(ref reader, out _))
                        {
                            return LoneSurrogate(Pointer(scopes));
                        }

                        break;
                    case JsonTokenType.Number:
                        Advance(scopes);
                        if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
                        {
                            var at = Pointer(scopes);
                            return new JsonAmbiguity(JsonAmbiguityKind.NumberOutOfRange, at,
                                $"The number at {Where(at)} is beyond the range of a double-precision number; parsers disagree on such numbers. Send it as a string or within range.");
                        }

                        break;
                    default:
                        Advance(scopes);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null; // not JSON, or nested too deep: the caller's parser reports that in its own words
        }

        return null;
    }

    private static JsonAmbiguity LoneSurrogate(string pointer) =>
        new(JsonAmbiguityKind.LoneSurrogate, pointer,
            $"The request body holds an escaped lone surrogate (such as \\ud800) at {Where(pointer)}; it decodes to no valid text. WeChat Pay v3 takes UTF-8 JSON.");

    private static bool TryGetText(ref Utf8JsonReader reader, out string text)
    {
        try
        {
            text = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = string.Empty;
            return false;
        }
    }

    /// <summary>A value starts: inside an array it is the next element.</summary>
    private static void Advance(List<Scope> scopes)
    {
        if (scopes.Count > 0 && !scopes[^1].IsObject)
        {
            scopes[^1].Index++;
        }
    }

    /// <summary>The JSON Pointer (RFC 6901) of the current member or element, as WeChat Pay's errors name fields.</summary>
    private static string Pointer(List<Scope> scopes)
    {
        var pointer = new StringBuilder();
        foreach (var scope in scopes)
        {
            pointer.Append('/');
            pointer.Append(scope.IsObject
                ? Printable(scope.Member ?? string.Empty).Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)
                : scope.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return pointer.ToString();
    }

    private static string Where(string pointer) => pointer.Length == 0 ? "the top level" : pointer;

    /// <summary>A member name as it may appear in an error: control characters escaped, at most 64 characters.</summary>
    private static string Printable(string name)
    {
        var text = name.Length > 64 ? name[..64] + "…" : name;
        return text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) : text;
    }

    private sealed class Scope(bool isObject)
    {
        public bool IsObject { get; } = isObject;

        public HashSet<string>? Names { get; set; }

        public string? Member { get; set; }

        public int Index { get; set; } = -1;
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// Encrypts the sensitive fields of a request body with RSA-OAEP under the key WeChat Pay publishes (PROTOCOL.md §5):
/// every string a <see cref="SensitiveFieldPath"/> reaches is replaced by its Base64 ciphertext; members a path does
/// not reach are left alone, absent ones stay absent. The body is rewritten compactly (it is signed afterwards, so
/// the signature covers exactly the rewritten bytes). A field that is not a string, or too long for OAEP, is a failure
/// value naming the field only; the plaintext is never part of it.
/// </summary>
public static class SensitiveFieldEncryptor
{
    /// <summary>Characters are written as they are (UTF-8), not as \u escapes: the body stays as readable as the caller sent it.</summary>
    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static SensitiveFieldOutcome Encrypt(ReadOnlySpan<byte> body, IReadOnlyList<SensitiveFieldPath> paths, RSA publicKey)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(publicKey);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return new SensitiveFieldOutcome(null, 0, null, "the body is not JSON");
        }

        var count = 0;
        foreach (var path in paths)
        {
            if (Visit(root, path, 0, path.Steps[0].Name, publicKey, ref count) is { } failure)
            {
                return failure;
            }
        }

        return new SensitiveFieldOutcome(count == 0 ? body.ToArray() : JsonSerializer.SerializeToUtf8Bytes(root, Options), count, null, null);
    }

    private static SensitiveFieldOutcome? Visit(JsonNode? node, SensitiveFieldPath path, int index, string where, RSA key, ref int count)
    {
        if (node is not JsonObject obj || !obj.TryGetPropertyValue(path.Steps[index].Name, out var member) || member is null)
        {
            return null;
        }

        var step = path.Steps[index];
        if (index == path.Steps.Count - 1)
        {
            if (member.GetValueKind() != JsonValueKind.String)
            {
                return new SensitiveFieldOutcome(null, 0, where, "not_a_string");
            }

            var plaintext = member.GetValue<string>();
            if (System.Text.Encoding.UTF8.GetByteCount(plaintext) > key.KeySize / 8 - 2 * 20 - 2)
            {
                return new SensitiveFieldOutcome(null, 0, where, "too_long");
            }

            obj[step.Name] = OaepEncryptor.Encrypt(key, plaintext);
            count++;
            return null;
        }

        if (!step.EachElement)
        {
            return Visit(member, path, index + 1, where + "." + path.Steps[index + 1].Name, key, ref count);
        }

        if (member is not JsonArray array)
        {
            return new SensitiveFieldOutcome(null, 0, where, "not_an_array");
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (Visit(array[i], path, index + 1, $"{where}[{i}].{path.Steps[index + 1].Name}", key, ref count) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }
}

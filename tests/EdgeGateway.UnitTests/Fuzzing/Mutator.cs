using System.Text;

namespace EdgeGateway.UnitTests.Fuzzing;

/// <summary>
/// A seeded mutator of valid inputs: flips bits, inserts, deletes, duplicates and truncates, and splices
/// in tokens that parsers of headers, JSON, Base64 and multipart tend to trip over. Seeded, so a failure
/// is reproducible from the seed and iteration printed with it.
/// </summary>
internal sealed class Mutator(int seed)
{
    private static readonly string[] Tokens =
    [
        "\"", ",", "=", " ", "\t", "\r\n", "\n", "\0", "%", "%2F", "\\", "{", "}", "[", "]", ":", "null", "-1", "99999999999999999999",
        "WECHATPAY/SIGNTEST/", "=", "==", "+", "/", "\u00e9", "\u4e2d", "\ud83d\ude00", "--", "--boundary", "Content-Disposition: form-data; name=\"meta\"\r\n\r\n",
        "\\u0000", "\\ud800", "\\\"", "1e999", "-0", "true", "[]", "{}", "[[[[[[[[[[[[[[[[[[[[", "\"\":\"\"", "&", "?", "#", "%00", "%zz", "+%2B",
    ];

    /// <summary>Byte sequences that are not valid UTF-8: a lone continuation, an overlong form, an encoded surrogate, a cut-off sequence.</summary>
    private static readonly byte[][] InvalidUtf8 = [[0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF0, 0x9F], [0xFF], [0xC3, 0x28]];

    private readonly Random _random = new(seed);

    public int Next(int max) => _random.Next(max);

    public byte[] Mutate(byte[] input)
    {
        var data = new List<byte>(input);
        var rounds = 1 + _random.Next(4);
        for (var i = 0; i < rounds; i++)
        {
            switch (_random.Next(8))
            {
                case 0 when data.Count > 0:
                    var at = _random.Next(data.Count);
                    data[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1:
                    data.Insert(_random.Next(data.Count + 1), (byte)_random.Next(256));
                    break;
                case 2 when data.Count > 0:
                    var start = _random.Next(data.Count);
                    data.RemoveRange(start, Math.Min(data.Count - start, 1 + _random.Next(8)));
                    break;
                case 3 when data.Count > 0:
                    var from = _random.Next(data.Count);
                    var length = Math.Min(data.Count - from, 1 + _random.Next(16));
                    data.InsertRange(_random.Next(data.Count + 1), data.GetRange(from, length));
                    break;
                case 4 when data.Count > 0:
                    var keep = _random.Next(data.Count);
                    data.RemoveRange(keep, data.Count - keep);
                    break;
                case 5:
                    data.InsertRange(_random.Next(data.Count + 1), Encoding.UTF8.GetBytes(Tokens[_random.Next(Tokens.Length)]));
                    break;
                case 6:
                    data.InsertRange(_random.Next(data.Count + 1), InvalidUtf8[_random.Next(InvalidUtf8.Length)]);
                    break;
                default:
                    if (data.Count > 0)
                    {
                        data[_random.Next(data.Count)] = (byte)" \"=,\n{}:0aZ+/"[_random.Next(13)];
                    }

                    break;
            }
        }

        return [.. data];
    }

    public string Mutate(string input) => Encoding.UTF8.GetString(Mutate(Encoding.UTF8.GetBytes(input)));
}

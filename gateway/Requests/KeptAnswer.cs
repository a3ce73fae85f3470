using System.Text;
using EdgeGateway.Transforms.Yarp;

namespace EdgeGateway.Requests;

/// <summary>
/// An answer as it can be handed to another request: status, the headers that describe the answer itself (content
/// type, WeChat Pay's Request-ID and signature headers, whether the gateway verified it, the gateway's error marker)
/// and the body bytes, unchanged.
/// Per-request headers (RateLimit, Date, tracing) are never copied: each request keeps its own.
/// </summary>
internal sealed class KeptAnswer(int status, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body)
{
    private const byte FormatVersion = 1;

    public int Status { get; } = status;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; } = headers;

    public byte[] Body { get; } = body;

    /// <summary>The headers of <paramref name="response"/> that belong to the answer rather than to the request.</summary>
    public static List<KeyValuePair<string, string>> ShareableHeaders(IHeaderDictionary response)
    {
        var shared = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in response)
        {
            if (IsShareable(name))
            {
                shared.Add(new(name, values.ToString()));
            }
        }

        return shared;
    }

    private static bool IsShareable(string name) =>
        name.StartsWith("Wechatpay-", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Content-Language", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Request-ID", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Cache-Control", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)
        || name.Equals(GatewayErrorResponse.MarkerHeader, StringComparison.OrdinalIgnoreCase)
        || name.Equals(WeChatPayAnswerHeaders.SignatureHeader, StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes the answer as this request's response (which must not have started).</summary>
    public async Task WriteAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = Status;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        response.ContentLength = Body.Length;
        if (Body.Length > 0)
        {
            await response.Body.WriteAsync(Body, cancellationToken);
        }
    }

    /// <summary>A compact, versioned binary form for the stores.</summary>
    public byte[] Serialize() => Write(EncodedSizeHint, WriteTo);

    /// <summary>
    /// A size the encoded form fits in when the headers are ASCII (as WeChat Pay's are), so the buffer it is written to
    /// does not grow on the way: the signature header alone is 344 characters.
    /// </summary>
    public int EncodedSizeHint
    {
        get
        {
            var size = Body.Length + 32;
            foreach (var (name, value) in Headers)
            {
                size += name.Length + value.Length + 10;
            }

            return size;
        }
    }

    /// <summary>Reads <see cref="Serialize"/>'s form; null when the bytes are not one (an entry from another version, or damaged).</summary>
    public static KeptAnswer? Deserialize(ReadOnlySpan<byte> bytes) => Read(bytes, ReadFrom);

    /// <summary>Writes <see cref="Serialize"/>'s form where <paramref name="writer"/> is, for a record that holds an answer.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(FormatVersion);
        writer.Write(Status);
        writer.Write(Headers.Count);
        foreach (var (name, value) in Headers)
        {
            writer.Write(name);
            writer.Write(value);
        }

        writer.Write(Body.Length);
        writer.Write(Body);
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote; null when it is not an answer of this version. Throws when the bytes end early.</summary>
    public static KeptAnswer? ReadFrom(BinaryReader reader)
    {
        if (reader.ReadByte() != FormatVersion)
        {
            return null;
        }

        var status = reader.ReadInt32();
        var count = reader.ReadInt32();
        if (status is < 100 or > 599 || count is < 0 or > 64)
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>(count);
        for (var i = 0; i < count; i++)
        {
            headers.Add(new(reader.ReadString(), reader.ReadString()));
        }

        var length = reader.ReadInt32();
        var body = length < 0 ? [] : reader.ReadBytes(length);
        return length < 0 || body.Length != length ? null : new KeptAnswer(status, headers, body);
    }

    /// <summary>The bytes <paramref name="write"/> writes, into a buffer sized for <paramref name="capacity"/>.</summary>
    public static byte[] Write(int capacity, Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream(capacity);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// What <paramref name="read"/> reads from all of <paramref name="bytes"/>; null when it reads nothing, leaves bytes
    /// over, or the bytes end early or are malformed (an entry from another version, or damaged).
    /// </summary>
    public static T? Read<T>(ReadOnlySpan<byte> bytes, Func<BinaryReader, T?> read)
        where T : class
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes.ToArray(), writable: false), Encoding.UTF8);
            var value = read(reader);
            return reader.BaseStream.Position == reader.BaseStream.Length ? value : null;
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}

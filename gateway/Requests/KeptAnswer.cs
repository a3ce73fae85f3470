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
    public byte[] Serialize()
    {
        using var buffer = new MemoryStream(Body.Length + 256);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
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

        return buffer.ToArray();
    }

    /// <summary>Reads <see cref="Serialize"/>'s form; null when the bytes are not one (an entry from another version, or damaged).</summary>
    public static KeptAnswer? Deserialize(ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes.ToArray(), writable: false), Encoding.UTF8);
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
            var body = reader.ReadBytes(length);
            return length < 0 || body.Length != length || reader.BaseStream.Position != reader.BaseStream.Length ? null : new KeptAnswer(status, headers, body);
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}

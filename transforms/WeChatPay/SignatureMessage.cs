using System.Globalization;
using System.Text;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// Builds the canonical messages that WeChat Pay v3 signs. Every signer, verifier, the simulator
/// and the tests call these two functions, so there is exactly one definition of each message.
/// </summary>
public static class SignatureMessage
{
    /// <summary>
    /// The request message (PROTOCOL.md §1.1): five lines, each ending in <c>\n</c> including the last:
    /// <c>METHOD\nCANONICAL_URL\nTIMESTAMP\nNONCE\nBODY\n</c>. A GET signs an empty body line.
    /// </summary>
    /// <param name="method">The HTTP method; upper-cased here because WeChat Pay requires it.</param>
    /// <param name="canonicalUrl">Path and query exactly as written on the wire (<c>Uri.PathAndQuery</c>).</param>
    /// <param name="timestamp">Unix time in seconds.</param>
    /// <param name="nonce">The nonce that also goes into the Authorization header.</param>
    /// <param name="body">The exact body bytes sent (for media uploads: the <c>meta</c> JSON).</param>
    public static byte[] ForRequest(string method, string canonicalUrl, long timestamp, string nonce, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(canonicalUrl);
        ArgumentNullException.ThrowIfNull(nonce);

        Span<char> ts = stackalloc char[20];
        timestamp.TryFormat(ts, out var tsLength, provider: CultureInfo.InvariantCulture);

        var length = Encoding.UTF8.GetByteCount(method) + Encoding.UTF8.GetByteCount(canonicalUrl) + tsLength
                     + Encoding.UTF8.GetByteCount(nonce) + body.Length + 5;
        var message = new byte[length];
        var writer = new SpanWriter(message);
        writer.WriteUpperAscii(method);
        writer.WriteUtf8(canonicalUrl);
        writer.WriteUtf8(ts[..tsLength]);
        writer.WriteUtf8(nonce);
        writer.WriteLine(body);
        return message;
    }

    /// <summary>
    /// The response and callback message (PROTOCOL.md §2.2): <c>TIMESTAMP\nNONCE\nBODY\n</c> over the raw
    /// body bytes; an empty body (204) gives <c>TIMESTAMP\nNONCE\n\n</c>. The timestamp is taken as
    /// received, as text, so that exactly what WeChat Pay signed is verified.
    /// </summary>
    public static byte[] ForResponse(string timestamp, string nonce, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(nonce);

        var length = Encoding.UTF8.GetByteCount(timestamp) + Encoding.UTF8.GetByteCount(nonce) + body.Length + 3;
        var message = new byte[length];
        var writer = new SpanWriter(message);
        writer.WriteUtf8(timestamp);
        writer.WriteUtf8(nonce);
        writer.WriteLine(body);
        return message;
    }

    /// <summary>Writes lines into a pre-sized buffer; each Write* call appends one line.</summary>
    private ref struct SpanWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;
        private int _position;

        public void WriteUtf8(scoped ReadOnlySpan<char> line)
        {
            _position += Encoding.UTF8.GetBytes(line, _buffer[_position..]);
            _buffer[_position++] = (byte)'\n';
        }

        public void WriteUpperAscii(string line)
        {
            var written = Encoding.UTF8.GetBytes(line, _buffer[_position..]);
            Ascii.ToUpperInPlace(_buffer.Slice(_position, written), out _);
            _position += written;
            _buffer[_position++] = (byte)'\n';
        }

        public void WriteLine(scoped ReadOnlySpan<byte> line)
        {
            line.CopyTo(_buffer[_position..]);
            _position += line.Length;
            _buffer[_position++] = (byte)'\n';
        }
    }
}

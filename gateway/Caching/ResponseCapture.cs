namespace EdgeGateway.Caching;

/// <summary>
/// Copies what the first request of a flight writes to its caller (up to a limit), so the waiting requests can be
/// given the same answer — including the gateway's own errors, which the verifying transform writes itself. Writes
/// pass straight through; <see cref="Restore"/> puts the original body stream back.
/// </summary>
internal sealed class ResponseCapture : Stream
{
    private readonly HttpResponse _response;
    private readonly Stream _inner;
    private readonly long _limit;
    private MemoryStream? _copy = new();

    private ResponseCapture(HttpResponse response, long limit)
    {
        _response = response;
        _inner = response.Body;
        _limit = limit;
    }

    public static ResponseCapture Install(HttpResponse response, long limit)
    {
        var capture = new ResponseCapture(response, limit);
        response.Body = capture;
        return capture;
    }

    /// <summary>True when the answer was larger than the limit: it cannot be handed on.</summary>
    public bool Overflowed => _copy is null;

    public byte[] Captured => _copy?.ToArray() ?? [];

    public void Restore()
    {
        if (ReferenceEquals(_response.Body, this))
        {
            _response.Body = _inner;
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Copy(buffer.AsSpan(offset, count));
        _inner.Write(buffer, offset, count);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Copy(buffer.AsSpan(offset, count));
        return _inner.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Copy(buffer.Span);
        return _inner.WriteAsync(buffer, cancellationToken);
    }

    private void Copy(ReadOnlySpan<byte> bytes)
    {
        if (_copy is null)
        {
            return;
        }

        if (_copy.Length + bytes.Length > _limit)
        {
            _copy = null;
            return;
        }

        _copy.Write(bytes);
    }
}

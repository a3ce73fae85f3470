using System.Collections;

namespace EdgeGateway.Callers;

/// <summary>The logging scope of a request: <c>Caller</c> = the caller's name, as structured state.</summary>
internal sealed class CallerLogScope(string caller) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public KeyValuePair<string, object?> this[int index] => index == 0 ? new("Caller", caller) : throw new ArgumentOutOfRangeException(nameof(index));

    public int Count => 1;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "Caller:" + caller;
}

using System.Collections.Concurrent;

namespace EdgeGateway.Simulator.Store;

/// <summary>In-memory objects of the newer API families, by kind (<c>combine</c>, <c>profitsharing</c>, <c>return</c>, <c>transfer</c>), owner and number.</summary>
public sealed class RecordStore
{
    private readonly ConcurrentDictionary<(string Kind, string Owner, string Id), StoredRecord> _records = new();

    /// <summary>The stored record, or <paramref name="candidate"/> when it is the first with this key.</summary>
    public StoredRecord GetOrAdd(string kind, string owner, string id, StoredRecord candidate) => _records.GetOrAdd((kind, owner, id), candidate);

    public StoredRecord? Find(string kind, string owner, string id) => _records.GetValueOrDefault((kind, owner, id));
}

using System.Text.Json.Nodes;

namespace EdgeGateway.UnitTests.Fuzzing;

/// <summary>
/// A seeded mutator of JSON documents by structure: replaces a member somewhere in the tree with a value of
/// another type (null, numbers at the edges, booleans, empty or huge strings, control characters, objects,
/// arrays), removes it, or renames it to a near miss. Byte-level mutation rarely turns <c>"mchid":"…"</c> into
/// <c>"mchid":123</c>; this does it on purpose, because type confusion is where JSON readers throw.
/// </summary>
internal sealed class JsonMutator(int seed)
{
    private readonly Random _random = new(seed);
    private readonly Mutator _bytes = new(seed);

    /// <summary>A structural mutation of <paramref name="json"/>, sometimes followed by a byte-level one.</summary>
    public string Mutate(string json)
    {
        var root = JsonNode.Parse(json) ?? throw new ArgumentException("Seed input must be JSON.", nameof(json));
        var rounds = 1 + _random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            var members = new List<(JsonObject Parent, string Name)>();
            Collect(root, members);
            if (members.Count == 0)
            {
                break;
            }

            var (parent, name) = members[_random.Next(members.Count)];
            switch (_random.Next(3))
            {
                case 0:
                    parent.Remove(name);
                    break;
                case 1:
                    var value = parent[name];
                    parent.Remove(name);
                    parent[NearMiss(name)] = value;
                    break;
                default:
                    parent[name] = RandomValue(parent[name]);
                    break;
            }
        }

        var text = root.ToJsonString();
        return _random.Next(4) == 0 ? _bytes.Mutate(text) : text;
    }

    private static void Collect(JsonNode? node, List<(JsonObject, string)> members)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    members.Add((obj, name));
                    Collect(child, members);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, members);
                }

                break;
        }
    }

    private string NearMiss(string name) => _random.Next(4) switch
    {
        0 => name.ToUpperInvariant(),
        1 => name + " ",
        2 => name.Length > 1 ? name[..^1] : "_",
        _ => "\u00a0" + name,
    };

    private JsonNode? RandomValue(JsonNode? original) => _random.Next(14) switch
    {
        0 => null,
        1 => JsonValue.Create(0),
        2 => JsonValue.Create(-1),
        3 => JsonValue.Create(long.MaxValue),
        4 => JsonValue.Create(1.5e308),
        5 => JsonValue.Create(true),
        6 => JsonValue.Create(string.Empty),
        7 => JsonValue.Create(new string('9', 10_000)),
        8 => JsonValue.Create("\u0000\r\n\t\u001f"),
        9 => JsonValue.Create("\u4e2d\u6587\ud83d\ude00"),
        10 => new JsonObject { ["x"] = original?.DeepClone() },
        11 => new JsonArray(original?.DeepClone()),
        12 => JsonValue.Create("../../etc/passwd%2F?a=b&c"),
        _ => JsonValue.Create(" " + original?.ToJsonString() + " "),
    };
}

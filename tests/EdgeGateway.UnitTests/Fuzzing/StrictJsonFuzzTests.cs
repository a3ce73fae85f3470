using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.UnitTests.Fuzzing;

/// <summary>
/// Ambiguity on purpose: take a prepay, pick a member at a random depth, and add a second member of the same name to
/// its object (spelt plainly or with escapes, before or after the original, with another value). The ambiguity check
/// must always find it and name it by its JSON Pointer; and the untouched body must always pass.
/// </summary>
public sealed class StrictJsonFuzzTests
{
    private const int Iterations = 5_000;
    private const string Prepay = """{"appid":"wxd678efh567hg6787","mchid":"1900000001","description":"Image形象店","out_trade_no":"1217752501201407033233368018","notify_url":"https://www.weixin.qq.com/wxpay/pay.php","amount":{"total":100,"currency":"CNY"},"payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},"detail":{"goods_detail":[{"merchant_goods_id":"1246464644","quantity":1,"unit_price":100},{"merchant_goods_id":"1246464645","quantity":2}]},"scene_info":{"store_info":{"id":"0001","address":"x"}}}""";

    [Fact]
    public void FindAmbiguity_MemberDuplicatedAtARandomDepth_IsAlwaysFoundWhereItIs()
    {
        Assert.Null(StrictJson.FindAmbiguity(Encoding.UTF8.GetBytes(Prepay)));
        var random = new Random(71);
        for (var i = 0; i < Iterations; i++)
        {
            var root = JsonNode.Parse(Prepay)!.AsObject();
            var objects = Objects(root, string.Empty).ToList();
            var (target, pointer) = objects[random.Next(objects.Count)];
            var names = target.Select(m => m.Key).ToList();
            var name = names[random.Next(names.Count)];
            var escaped = random.Next(2) == 0;
            var text = Render(target, name, escaped, duplicateFirst: random.Next(2) == 0, root);

            var found = StrictJson.FindAmbiguity(Encoding.UTF8.GetBytes(text));

            Assert.True(found is { Kind: JsonAmbiguityKind.DuplicateMember }, $"iteration {i}: {name} at {pointer} not found in {text}");
            Assert.Equal($"{pointer}/{name}", found!.Pointer);
        }
    }

    /// <summary>Every object in the tree with its JSON Pointer.</summary>
    private static IEnumerable<(JsonObject Node, string Pointer)> Objects(JsonNode node, string pointer)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return (obj, pointer);
                foreach (var (key, child) in obj)
                {
                    if (child is not null)
                    {
                        foreach (var inner in Objects(child, $"{pointer}/{key}"))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var index = 0; index < array.Count; index++)
                {
                    if (array[index] is { } child)
                    {
                        foreach (var inner in Objects(child, $"{pointer}/{index}"))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }

    /// <summary>The whole document with <paramref name="name"/> written twice in <paramref name="target"/> (JsonObject refuses duplicates, so by text).</summary>
    private static string Render(JsonObject target, string name, bool escaped, bool duplicateFirst, JsonObject root)
    {
        const string marker = "\"__duplicate_marker__\":0";
        target.Add("__duplicate_marker__", 0);
        var text = root.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var spelt = escaped ? string.Concat(name.Select(c => $"\\u{(int)c:x4}")) : name;
        var duplicate = $"\"{spelt}\":\"another value\"";
        if (duplicateFirst)
        {
            // Move the duplicate to the object's start, so the original comes second.
            text = text.Replace("," + marker, string.Empty, StringComparison.Ordinal);
            var objectStart = IndexOfObject(text, target, root);
            return text.Insert(objectStart + 1, duplicate + ",");
        }

        return text.Replace(marker, duplicate, StringComparison.Ordinal);
    }

    private static int IndexOfObject(string text, JsonObject target, JsonObject root)
    {
        // The marker was removed; find the target by rendering it alone (its text is unique in these documents).
        target.Remove("__duplicate_marker__");
        var alone = target.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var index = target == root ? 0 : text.IndexOf(alone, StringComparison.Ordinal);
        Assert.True(index >= 0, "the target object's text is not in the document");
        return index;
    }
}

using System.Text.Json.Nodes;
using EdgeGateway.Simulator.Store;

namespace EdgeGateway.Simulator.Api;

/// <summary>
/// Profit sharing (分账) under <c>/v3/profitsharing</c>: orders (create, query, unfreeze), return orders (create, query)
/// and receivers (add, delete). A receiver's <c>name</c> is a sensitive field: it must arrive OAEP-encrypted under the
/// key the request's Wechatpay-Serial names (PROTOCOL.md §5), or the answer is PARAM_ERROR.
/// </summary>
internal sealed class ProfitSharingApi(RecordStore store, SensitiveFieldDecryptor decryptor, TimeProvider timeProvider)
{
    public ApiResult CreateOrder(ApiRequest request)
    {
        if (request.Json is not JsonObject body)
        {
            return ApiChecks.NotJson();
        }

        if (ApiChecks.Required(body, "appid", "transaction_id", "out_order_no") is { } error)
        {
            return error;
        }

        var number = SimulatorJson.Text(body["out_order_no"])!;
        if (ApiChecks.Format("out_order_no", number, ApiChecks.OutOrderNo(), "须为64个字符内的数字、大小写字母或_-|*@") is { } invalid)
        {
            return invalid;
        }

        if (body["receivers"] is not JsonArray { Count: > 0 and <= 50 } receivers)
        {
            return ApiResult.Error(400, "PARAM_ERROR", "receivers 须为1-50个分账接收方", ApiChecks.Field("/receivers"));
        }

        var plaintext = new Dictionary<string, string>();
        var answered = new JsonArray();
        for (var i = 0; i < receivers.Count; i++)
        {
            if (receivers[i] is not JsonObject receiver || (ApiChecks.Required(receiver, "type", "account", "description")
                                                           ?? ApiChecks.Amount(receiver["amount"], $"/receivers/{i}/amount", out _)) is not null)
            {
                return ApiResult.Error(400, "PARAM_ERROR", $"receivers[{i}] 缺少必填字段或金额不合法", ApiChecks.Field($"/receivers/{i}"));
            }

            if (receiver["name"] is not null)
            {
                if (decryptor.Decrypt(request.Serial, SimulatorJson.Text(receiver["name"])) is not { } name)
                {
                    return ApiResult.Error(400, "PARAM_ERROR", $"receivers[{i}].name 解密失败，请使用Wechatpay-Serial对应的微信支付公钥加密", ApiChecks.Field($"/receivers/{i}/name"));
                }

                plaintext[$"receivers[{i}].name"] = name;
            }

            answered.Add(new JsonObject
            {
                ["type"] = receiver["type"]!.DeepClone(),
                ["account"] = receiver["account"]!.DeepClone(),
                ["amount"] = receiver["amount"]!.DeepClone(),
                ["description"] = receiver["description"]!.DeepClone(),
                ["result"] = "PENDING",
                ["detail_id"] = PaymentStore.NewId("3600", 24),
                ["create_time"] = Now(),
            });
        }

        var answer = new JsonObject
        {
            ["transaction_id"] = body["transaction_id"]!.DeepClone(),
            ["out_order_no"] = number,
            ["order_id"] = PaymentStore.NewId("3008", 24),
            ["state"] = "PROCESSING",
            ["receivers"] = answered,
        };
        return Keep("profitsharing", Owner(request, body), number, body, answer, plaintext);
    }

    public ApiResult QueryOrder(ApiRequest request, string number)
    {
        if (string.IsNullOrEmpty(request.Query.GetValueOrDefault("transaction_id")))
        {
            return ApiResult.Error(400, "PARAM_ERROR", "查询参数transaction_id为必填项", new JsonObject { ["location"] = "query", ["field"] = "transaction_id" });
        }

        return Found(store.Find("profitsharing", QueryOwner(request), number));
    }

    public ApiResult Unfreeze(ApiRequest request)
    {
        if (request.Json is not JsonObject body)
        {
            return ApiChecks.NotJson();
        }

        if (ApiChecks.Required(body, "transaction_id", "out_order_no", "description") is { } error)
        {
            return error;
        }

        var number = SimulatorJson.Text(body["out_order_no"])!;
        var answer = new JsonObject
        {
            ["transaction_id"] = body["transaction_id"]!.DeepClone(),
            ["out_order_no"] = number,
            ["order_id"] = PaymentStore.NewId("3008", 24),
            ["state"] = "PROCESSING",
        };
        return Keep("unfreeze", Owner(request, body), number, body, answer, new Dictionary<string, string>());
    }

    public ApiResult CreateReturn(ApiRequest request)
    {
        if (request.Json is not JsonObject body)
        {
            return ApiChecks.NotJson();
        }

        if (ApiChecks.Required(body, "out_order_no", "out_return_no", "return_mchid", "description") is { } error)
        {
            return error;
        }

        var number = SimulatorJson.Text(body["out_return_no"])!;
        if ((ApiChecks.Format("out_return_no", number, ApiChecks.OutOrderNo(), "须为64个字符内的数字、大小写字母或_-|*@")
             ?? ApiChecks.Amount(body["amount"], "/amount", out _)) is { } invalid)
        {
            return invalid;
        }

        var answer = (JsonObject)body.DeepClone();
        answer.Remove("sub_mchid");
        answer["order_id"] = PaymentStore.NewId("3008", 24);
        answer["return_id"] = PaymentStore.NewId("3008", 24);
        answer["result"] = "PROCESSING";
        answer["create_time"] = Now();
        return Keep("return", Owner(request, body), number, body, answer, new Dictionary<string, string>());
    }

    public ApiResult QueryReturn(ApiRequest request, string number) => Found(store.Find("return", QueryOwner(request), number));

    public ApiResult AddReceiver(ApiRequest request)
    {
        if (request.Json is not JsonObject body)
        {
            return ApiChecks.NotJson();
        }

        if (ApiChecks.Required(body, "appid", "type", "account", "relation_type") is { } error)
        {
            return error;
        }

        if (body["name"] is not null && decryptor.Decrypt(request.Serial, SimulatorJson.Text(body["name"])) is null)
        {
            return ApiResult.Error(400, "PARAM_ERROR", "name 解密失败，请使用Wechatpay-Serial对应的微信支付公钥加密", ApiChecks.Field("/name"));
        }

        return ApiResult.Json(200, Receiver(body, withRelation: true));
    }

    public static ApiResult DeleteReceiver(ApiRequest request) =>
        request.Json is not JsonObject body ? ApiChecks.NotJson()
        : ApiChecks.Required(body, "appid", "type", "account") ?? ApiResult.Json(200, Receiver(body, withRelation: false));

    private static JsonObject Receiver(JsonObject body, bool withRelation)
    {
        var answer = new JsonObject { ["type"] = body["type"]!.DeepClone(), ["account"] = body["account"]!.DeepClone() };
        if (SimulatorJson.Text(body["sub_mchid"]) is { } sub)
        {
            answer["sub_mchid"] = sub;
        }

        if (withRelation)
        {
            answer["relation_type"] = body["relation_type"]!.DeepClone();
        }

        return answer;
    }

    private ApiResult Keep(string kind, string owner, string number, JsonObject body, JsonObject answer, IReadOnlyDictionary<string, string> plaintext)
    {
        if (SimulatorJson.Text(body["sub_mchid"]) is { } sub)
        {
            answer["sub_mchid"] = sub;
        }

        var record = store.GetOrAdd(kind, owner, number, new StoredRecord
        {
            Request = (JsonObject)body.DeepClone(), Fingerprint = Fingerprint(body), Answer = answer, Plaintext = plaintext,
        });
        return record.Fingerprint == Fingerprint(body)
            ? ApiResult.Json(200, (JsonObject)record.Answer.DeepClone())
            : ApiResult.Error(400, "INVALID_REQUEST", "同一单号的请求参数不一致");
    }

    /// <summary>What identifies a request's content: its members, with encrypted names left out (OAEP differs every time).</summary>
    private static string Fingerprint(JsonObject body)
    {
        var copy = (JsonObject)body.DeepClone();
        foreach (var receiver in (copy["receivers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            receiver.Remove("name");
        }

        return copy.ToJsonString();
    }

    private static ApiResult Found(StoredRecord? record) =>
        record is null ? ApiResult.Error(404, "RESOURCE_NOT_EXISTS", "记录不存在") : ApiResult.Json(200, (JsonObject)record.Answer.DeepClone());

    private static string Owner(ApiRequest request, JsonObject body) => ApiChecks.Owner(request, SimulatorJson.Text(body["sub_mchid"]));

    private static string QueryOwner(ApiRequest request) => ApiChecks.Owner(request, request.Query.GetValueOrDefault("sub_mchid") is { Length: > 0 } sub ? sub : null);

    private string Now() => timeProvider.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz");
}

using System.Text.Json.Nodes;
using EdgeGateway.Simulator.Store;

namespace EdgeGateway.Simulator.Api;

/// <summary>
/// Merchant transfers (商家转账) under <c>/v3/fund-app/mch-transfer/transfer-bills</c>: create (idempotent on
/// out_bill_no), cancel and query. <c>user_name</c> is a sensitive field: it must arrive OAEP-encrypted under the key the
/// request's Wechatpay-Serial names (PROTOCOL.md §5); plaintext, another key or no serial is PARAM_ERROR.
/// </summary>
internal sealed class TransfersApi(RecordStore store, SensitiveFieldDecryptor decryptor, TimeProvider timeProvider)
{
    public const string Kind = "transfer";

    public ApiResult Create(ApiRequest request)
    {
        if (request.Json is not JsonObject body)
        {
            return ApiChecks.NotJson();
        }

        if (ApiChecks.Required(body, "appid", "out_bill_no", "transfer_scene_id", "openid", "transfer_remark") is { } error)
        {
            return error;
        }

        var number = SimulatorJson.Text(body["out_bill_no"])!;
        if (ApiChecks.Format("out_bill_no", number, ApiChecks.OutBillNo(), "须为5-32位数字或大小写字母") is { } invalid)
        {
            return invalid;
        }

        if (ApiChecks.Amount(body["transfer_amount"], "/transfer_amount", out _) is { } badAmount)
        {
            return badAmount;
        }

        var plaintext = new Dictionary<string, string>();
        if (body["user_name"] is not null)
        {
            if (decryptor.Decrypt(request.Serial, SimulatorJson.Text(body["user_name"])) is not { } userName)
            {
                return ApiResult.Error(400, "PARAM_ERROR", "user_name 解密失败，请使用Wechatpay-Serial对应的微信支付公钥加密", ApiChecks.Field("/user_name"));
            }

            plaintext["user_name"] = userName;
        }

        var fingerprint = WithoutUserName(body);
        var record = store.GetOrAdd(Kind, request.Merchant.MchId, number, new StoredRecord
        {
            Request = (JsonObject)body.DeepClone(),
            Fingerprint = fingerprint,
            Plaintext = plaintext,
            Serial = request.Serial,
            Answer = new JsonObject
            {
                ["out_bill_no"] = number,
                ["transfer_bill_no"] = PaymentStore.NewId("1330", 24),
                ["create_time"] = Now(),
                ["state"] = "WAIT_USER_CONFIRM",
                ["package_info"] = "affffddafdfafddffda==",
            },
        });
        if (record.Fingerprint != fingerprint)
        {
            return ApiResult.Error(400, "INVALID_REQUEST", "商户单号重复，且请求参数与原单不一致");
        }

        lock (record)
        {
            return ApiResult.Json(200, (JsonObject)record.Answer.DeepClone());
        }
    }

    public ApiResult Cancel(ApiRequest request, string number)
    {
        if (store.Find(Kind, request.Merchant.MchId, number) is not { } record)
        {
            return ApiResult.Error(404, "NOT_FOUND", "商家转账单不存在");
        }

        lock (record)
        {
            if (SimulatorJson.Text(record.Answer["state"]) is not ("WAIT_USER_CONFIRM" or "ACCEPTED" or "CANCELING"))
            {
                return ApiResult.Error(400, "INVALID_REQUEST", "当前状态的转账单不能撤销");
            }

            record.Answer["state"] = "CANCELING";
            record.Answer["update_time"] = Now();
            return ApiResult.Json(200, new JsonObject
            {
                ["out_bill_no"] = number,
                ["transfer_bill_no"] = record.Answer["transfer_bill_no"]!.DeepClone(),
                ["state"] = "CANCELING",
                ["update_time"] = Now(),
            });
        }
    }

    public ApiResult Query(ApiRequest request, string number)
    {
        if (store.Find(Kind, request.Merchant.MchId, number) is not { } record)
        {
            return ApiResult.Error(404, "NOT_FOUND", "商家转账单不存在");
        }

        lock (record)
        {
            var answer = (JsonObject)record.Answer.DeepClone();
            answer.Remove("package_info");
            answer["mch_id"] = request.Merchant.MchId;
            answer["appid"] = record.Request["appid"]!.DeepClone();
            answer["openid"] = record.Request["openid"]!.DeepClone();
            answer["transfer_amount"] = record.Request["transfer_amount"]!.DeepClone();
            answer["transfer_remark"] = record.Request["transfer_remark"]!.DeepClone();
            return ApiResult.Json(200, answer);
        }
    }

    /// <summary>The request without user_name, whose ciphertext differs on every request (OAEP is randomised).</summary>
    private static string WithoutUserName(JsonObject body)
    {
        var copy = (JsonObject)body.DeepClone();
        copy.Remove("user_name");
        return copy.ToJsonString();
    }

    private string Now() => timeProvider.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz");
}

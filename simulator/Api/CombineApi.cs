using System.Text.Json.Nodes;
using EdgeGateway.Simulator.Store;

namespace EdgeGateway.Simulator.Api;

/// <summary>
/// Combined payments (合单支付) under <c>/v3/combine-transactions</c>: one combine_out_trade_no of the signing
/// combine_mchid, with its sub-orders; prepay (idempotent on the number and body), query and close.
/// </summary>
internal sealed class CombineApi(RecordStore store)
{
    private const string Kind = "combine";

    public ApiResult Prepay(ApiRequest request, string tradeType)
    {
        if (request.Json is not JsonObject body)
        {
            return ApiChecks.NotJson();
        }

        if ((ApiChecks.Signer(request, "combine_mchid", SimulatorJson.Text(body["combine_mchid"]))
             ?? ApiChecks.Required(body, "combine_appid", "combine_out_trade_no", "notify_url")) is { } error)
        {
            return error;
        }

        var number = SimulatorJson.Text(body["combine_out_trade_no"])!;
        if (ApiChecks.Format("combine_out_trade_no", number, ApiChecks.CombineOutTradeNo(), "须为32个字符内的数字、大小写字母或_-|*@") is { } invalid)
        {
            return invalid;
        }

        if (body["sub_orders"] is not JsonArray { Count: > 0 and <= 50 } subOrders)
        {
            return ApiResult.Error(400, "PARAM_ERROR", "sub_orders 须为1-50个子单", ApiChecks.Field("/sub_orders"));
        }

        for (var i = 0; i < subOrders.Count; i++)
        {
            if (subOrders[i] is not JsonObject sub || (ApiChecks.Required(sub, "mchid", "out_trade_no", "attach", "description")
                                                      ?? ApiChecks.Amount(sub["amount"]?["total_amount"], $"/sub_orders/{i}/amount/total_amount", out _)) is not null)
            {
                return ApiResult.Error(400, "PARAM_ERROR", $"sub_orders[{i}] 缺少必填字段或金额不合法", ApiChecks.Field($"/sub_orders/{i}"));
            }
        }

        if (tradeType == "JSAPI" && string.IsNullOrEmpty(SimulatorJson.Text(body["combine_payer_info"]?["openid"])))
        {
            return ApiResult.Error(400, "PARAM_ERROR", "JSAPI合单下单必须提供combine_payer_info.openid", ApiChecks.Field("/combine_payer_info/openid"));
        }

        var prepayId = "wx" + PaymentStore.NewId(string.Empty, 32);
        var state = (JsonObject)body.DeepClone();
        state["trade_type"] = tradeType;
        state["combine_trade_state"] = "NOTPAY";
        state["prepay_id"] = prepayId;
        var record = store.GetOrAdd(Kind, request.Merchant.MchId, number, new StoredRecord
        {
            Request = (JsonObject)body.DeepClone(),
            Fingerprint = body.ToJsonString(),
            Answer = state,
        });
        if (record.Fingerprint != body.ToJsonString())
        {
            return ApiResult.Error(403, "OUT_TRADE_NO_USED", "商户订单号重复");
        }

        prepayId = (string)record.Answer["prepay_id"]!;
        return ApiResult.Json(200, tradeType switch
        {
            "NATIVE" => new JsonObject { ["code_url"] = "weixin://wxpay/bizpayurl?pr=" + prepayId[2..12] },
            "MWEB" => new JsonObject { ["h5_url"] = "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=" + prepayId },
            _ => new JsonObject { ["prepay_id"] = prepayId },
        });
    }

    public ApiResult Query(ApiRequest request, string number)
    {
        if (store.Find(Kind, request.Merchant.MchId, number) is not { } record)
        {
            return ApiResult.Error(404, "ORDER_NOT_EXIST", "订单不存在");
        }

        lock (record)
        {
            var answer = new JsonObject
            {
                ["combine_appid"] = record.Request["combine_appid"]?.DeepClone(),
                ["combine_mchid"] = request.Merchant.MchId,
                ["combine_out_trade_no"] = number,
                ["sub_orders"] = record.Request["sub_orders"]!.DeepClone(),
            };
            foreach (var sub in answer["sub_orders"]!.AsArray().OfType<JsonObject>())
            {
                sub["trade_state"] = record.Answer["combine_trade_state"]?.DeepClone();
                sub["trade_type"] = record.Answer["trade_type"]?.DeepClone();
            }

            return ApiResult.Json(200, answer);
        }
    }

    public ApiResult Close(ApiRequest request, string number)
    {
        if (request.Json is not JsonObject body)
        {
            return ApiChecks.NotJson();
        }

        if (ApiChecks.Required(body, "combine_appid") is { } error)
        {
            return error;
        }

        if (body["sub_orders"] is not JsonArray { Count: > 0 })
        {
            return ApiResult.Error(400, "PARAM_ERROR", "sub_orders 为必填项", ApiChecks.Field("/sub_orders"));
        }

        if (store.Find(Kind, request.Merchant.MchId, number) is not { } record)
        {
            return ApiResult.Error(404, "ORDER_NOT_EXIST", "订单不存在");
        }

        lock (record)
        {
            record.Answer["combine_trade_state"] = "CLOSED";
        }

        return ApiResult.NoContent();
    }
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeGateway.Simulator.Store;

namespace EdgeGateway.Simulator.Api;

/// <summary>Prepay (JSAPI/App/H5/Native), order queries and close, held in memory.</summary>
internal sealed partial class PaymentsApi(PaymentStore store, TimeProvider timeProvider)
{
    private static readonly string[] RequiredPrepayFields = ["appid", "description", "out_trade_no", "notify_url"];

    [GeneratedRegex("^[0-9A-Za-z_\\-|*]{6,32}$")]
    private static partial Regex OutTradeNoPattern();

    public ApiResult Prepay(ApiRequest request, string tradeType)
    {
        if (request.Json is not JsonObject body)
        {
            return ApiResult.Error(400, "PARAM_ERROR", "请求体不是合法的JSON对象");
        }

        var mchId = Text(body["mchid"]);
        if (mchId != request.Merchant.MchId)
        {
            return ApiResult.Error(400, "PARAM_ERROR", "mchid与请求头中的商户号不一致", Field("/mchid"));
        }

        var missing = RequiredPrepayFields.FirstOrDefault(f => string.IsNullOrEmpty(Text(body[f])));
        if (missing is not null)
        {
            return ApiResult.Error(400, "PARAM_ERROR", $"输入源“/body/{missing}”映射到字段“{missing}”必填性规则校验失败，此字段为必填项", Field("/" + missing));
        }

        var outTradeNo = (string)body["out_trade_no"]!;
        if (!OutTradeNoPattern().IsMatch(outTradeNo))
        {
            return ApiResult.Error(400, "PARAM_ERROR", "out_trade_no 须为6-32位数字、大小写字母或_-|*", Field("/out_trade_no"));
        }

        if (body["amount"]?["total"] is not JsonValue totalNode || !totalNode.TryGetValue<long>(out var total) || total <= 0)
        {
            return ApiResult.Error(400, "PARAM_ERROR", "amount.total 必须为正整数（单位：分）", Field("/amount/total"));
        }

        var openId = Text(body["payer"]?["openid"]);
        if (tradeType == "JSAPI" && string.IsNullOrEmpty(openId))
        {
            return ApiResult.Error(400, "PARAM_ERROR", "JSAPI下单必须提供payer.openid", Field("/payer/openid"));
        }

        var fingerprint = body.ToJsonString();
        var order = store.GetOrAdd(new Order
        {
            MchId = mchId,
            AppId = (string)body["appid"]!,
            OutTradeNo = outTradeNo,
            TransactionId = PaymentStore.NewId("4200", 24),
            TradeType = tradeType,
            PrepayId = "wx" + PaymentStore.NewId(string.Empty, 32),
            Total = total,
            Currency = Text(body["amount"]?["currency"]) ?? "CNY",
            PayerOpenId = openId,
            NotifyUrl = Text(body["notify_url"]),
            Description = Text(body["description"]),
            CreationFingerprint = fingerprint,
        });

        lock (order)
        {
            if (order.CreationFingerprint != fingerprint)
            {
                return ApiResult.Error(403, "OUT_TRADE_NO_USED", "商户订单号重复");
            }

            switch (order.TradeState)
            {
                case "CLOSED":
                    return ApiResult.Error(400, "ORDER_CLOSED", "当前订单已关闭，请重新下单");
                case "SUCCESS" or "REFUND":
                    return ApiResult.Error(400, "ORDERPAID", "该订单已支付");
            }
        }

        JsonObject answer = tradeType switch
        {
            "NATIVE" => new JsonObject { ["code_url"] = "weixin://wxpay/bizpayurl?pr=" + order.PrepayId[2..12] },
            "MWEB" => new JsonObject { ["h5_url"] = "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=" + order.PrepayId },
            _ => new JsonObject { ["prepay_id"] = order.PrepayId },
        };
        return ApiResult.Json(200, answer);
    }

    public ApiResult QueryByOutTradeNo(ApiRequest request, string outTradeNo)
    {
        if (QueryMchIdError(request) is { } error)
        {
            return error;
        }

        var order = store.FindOrder(request.Merchant.MchId, outTradeNo);
        return order is null ? NotFound() : Snapshot(order);
    }

    public ApiResult QueryByTransactionId(ApiRequest request, string transactionId)
    {
        if (QueryMchIdError(request) is { } error)
        {
            return error;
        }

        var order = store.FindByTransactionId(request.Merchant.MchId, transactionId);
        return order is null || order.TradeState is not ("SUCCESS" or "REFUND") ? NotFound() : Snapshot(order);
    }

    public ApiResult Close(ApiRequest request, string outTradeNo)
    {
        if (Text(request.Json?["mchid"]) != request.Merchant.MchId)
        {
            return ApiResult.Error(400, "PARAM_ERROR", "mchid与请求头中的商户号不一致", Field("/mchid"));
        }

        var order = store.FindOrder(request.Merchant.MchId, outTradeNo);
        if (order is null)
        {
            return NotFound();
        }

        lock (order)
        {
            if (order.TradeState is "SUCCESS" or "REFUND")
            {
                return ApiResult.Error(400, "ORDERPAID", "订单已支付，不能关单");
            }

            order.TradeState = "CLOSED";
        }

        return ApiResult.NoContent();
    }

    /// <summary>Marks an order paid (control endpoint); returns null when it cannot be paid.</summary>
    public Order? MarkPaid(string mchId, string outTradeNo)
    {
        var order = store.FindOrder(mchId, outTradeNo);
        if (order is null)
        {
            return null;
        }

        lock (order)
        {
            if (order.TradeState is not ("NOTPAY" or "USERPAYING"))
            {
                return order.TradeState == "SUCCESS" ? order : null;
            }

            order.TradeState = "SUCCESS";
            order.SuccessTime = timeProvider.GetUtcNow();
        }

        return order;
    }

    private static ApiResult? QueryMchIdError(ApiRequest request) =>
        request.Query.GetValueOrDefault("mchid") == request.Merchant.MchId
            ? null
            : ApiResult.Error(400, "PARAM_ERROR", "查询参数mchid缺失或与请求头中的商户号不一致", new JsonObject { ["location"] = "query", ["field"] = "mchid" });

    private static ApiResult Snapshot(Order order)
    {
        lock (order)
        {
            return ApiResult.Json(200, order.ToJson());
        }
    }

    private static ApiResult NotFound() => ApiResult.Error(404, "ORDER_NOT_EXIST", "订单不存在");

    private static JsonObject Field(string pointer) => new() { ["field"] = pointer, ["location"] = "body" };

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

using System.Text.Json.Nodes;
using EdgeGateway.Simulator.Store;

namespace EdgeGateway.Simulator.Api;

/// <summary>Domestic refunds: create (idempotent on out_refund_no), query, and apply an abnormal refund again.</summary>
internal sealed class RefundsApi(PaymentStore store, TimeProvider timeProvider)
{
    public ApiResult Create(ApiRequest request)
    {
        if (request.Json is not JsonObject body)
        {
            return ApiResult.Error(400, "PARAM_ERROR", "请求体不是合法的JSON对象");
        }

        var outRefundNo = SimulatorJson.Text(body["out_refund_no"]);
        if (string.IsNullOrEmpty(outRefundNo))
        {
            return ApiResult.Error(400, "PARAM_ERROR", "out_refund_no 为必填项");
        }

        var outTradeNo = SimulatorJson.Text(body["out_trade_no"]);
        var transactionId = SimulatorJson.Text(body["transaction_id"]);
        var order = outTradeNo is not null ? store.FindOrder(ApiChecks.Owner(request, SimulatorJson.Text(body["sub_mchid"])), outTradeNo)
            : transactionId is not null ? store.FindByTransactionId(ApiChecks.Owner(request, SimulatorJson.Text(body["sub_mchid"])), transactionId) : null;
        if (order is null)
        {
            return ApiResult.Error(404, "RESOURCE_NOT_EXISTS", "订单不存在");
        }

        if (body["amount"]?["refund"] is not JsonValue refundNode || !refundNode.TryGetValue<long>(out var amount) || amount <= 0)
        {
            return ApiResult.Error(400, "PARAM_ERROR", "amount.refund 必须为正整数");
        }

        var fingerprint = body.ToJsonString();
        lock (order)
        {
            if (order.TradeState is not ("SUCCESS" or "REFUND"))
            {
                return ApiResult.Error(400, "RESOURCE_NOT_EXISTS", "未支付的订单不能发起退款");
            }

            var existing = store.FindRefund(request.Merchant.MchId, outRefundNo);
            if (existing is not null)
            {
                return existing.CreationFingerprint == fingerprint
                    ? ApiResult.Json(200, existing.ToJson())
                    : ApiResult.Error(400, "PARAM_ERROR", "同一退款单号的请求参数不一致");
            }

            if (order.Refunded + amount > order.Total)
            {
                return ApiResult.Error(403, "NOT_ENOUGH", "退款金额超过订单可退金额");
            }

            order.Refunded += amount;
            order.TradeState = "REFUND";
            var refund = store.GetOrAdd(new Refund
            {
                MchId = request.Merchant.MchId,
                OutRefundNo = outRefundNo,
                RefundId = PaymentStore.NewId("50", 27),
                OutTradeNo = order.OutTradeNo,
                TransactionId = order.TransactionId,
                RefundAmount = amount,
                Total = order.Total,
                Currency = order.Currency,
                CreateTime = timeProvider.GetUtcNow(),
                NotifyUrl = SimulatorJson.Text(body["notify_url"]),
                CreationFingerprint = fingerprint,
            });
            return ApiResult.Json(200, refund.ToJson());
        }
    }

    public ApiResult Query(ApiRequest request, string outRefundNo)
    {
        var refund = store.FindRefund(request.Merchant.MchId, outRefundNo);
        return refund is null ? ApiResult.Error(404, "RESOURCE_NOT_EXISTS", "退款单不存在") : ApiResult.Json(200, refund.ToJson());
    }

    /// <summary>
    /// <c>POST /v3/refund/domestic/refunds/{refund_id}/apply-abnormal-refund</c>: a refund whose status is ABNORMAL (the
    /// payer's card could not take it) is sent again, to the payer's or the merchant's bank card.
    /// </summary>
    public ApiResult ApplyAbnormal(ApiRequest request, string refundId)
    {
        if (request.Json is not JsonObject body || (string?)body["out_refund_no"] is not { Length: > 0 } outRefundNo)
        {
            return ApiResult.Error(400, "PARAM_ERROR", "out_refund_no 为必填项");
        }

        if ((string?)body["type"] is not ("USER_BANK_CARD" or "MERCHANT_BANK_CARD"))
        {
            return ApiResult.Error(400, "PARAM_ERROR", "type 必须为 USER_BANK_CARD 或 MERCHANT_BANK_CARD");
        }

        var refund = store.FindRefundById(request.Merchant.MchId, refundId);
        if (refund is null || refund.OutRefundNo != outRefundNo)
        {
            return ApiResult.Error(404, "RESOURCE_NOT_EXISTS", "退款单不存在");
        }

        lock (refund)
        {
            if (refund.Status != "ABNORMAL")
            {
                return ApiResult.Error(400, "INVALID_REQUEST", "退款单状态不是异常，不能发起异常退款");
            }

            refund.Status = "PROCESSING";
            return ApiResult.Json(200, refund.ToJson());
        }
    }
}

using System.Text.Json.Nodes;

namespace EdgeGateway.IntegrationTests.Families;

/// <summary>Request bodies of the partner, combined-payment, profit-sharing and transfer APIs, as WeChat Pay documents them.</summary>
internal static class FamilyPayloads
{
    public const string SubMchId = "1900000109";
    public const string OtherSubMchId = "1900000110";

    public static JsonObject Transfer(string outBillNo, string userName) => new()
    {
        ["appid"] = "wxf636efh567hg4356",
        ["out_bill_no"] = outBillNo,
        ["transfer_scene_id"] = "1000",
        ["openid"] = "o-MYE42l80oelYMDE34nYD456Xoy",
        ["user_name"] = userName,
        ["transfer_amount"] = 400000,
        ["transfer_remark"] = "新会员开通有礼",
        ["user_recv_perception"] = "现金奖励",
        ["transfer_scene_report_infos"] = new JsonArray(new JsonObject { ["info_type"] = "活动名称", ["info_content"] = "新会员有礼" }),
    };

    public static JsonObject PartnerPrepay(string spMchId, string subMchId, string outTradeNo) => new()
    {
        ["sp_appid"] = "wx8888888888888888",
        ["sp_mchid"] = spMchId,
        ["sub_mchid"] = subMchId,
        ["description"] = "Image形象店-深圳腾大-QQ公仔",
        ["out_trade_no"] = outTradeNo,
        ["notify_url"] = "https://www.weixin.qq.com/wxpay/pay.php",
        ["amount"] = new JsonObject { ["total"] = 100, ["currency"] = "CNY" },
        ["payer"] = new JsonObject { ["sp_openid"] = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
    };

    public static JsonObject CombinePrepay(string combineMchId, string combineOutTradeNo) => new()
    {
        ["combine_appid"] = "wxd678efh567hg6787",
        ["combine_mchid"] = combineMchId,
        ["combine_out_trade_no"] = combineOutTradeNo,
        ["notify_url"] = "https://yourapp.com/notify",
        ["combine_payer_info"] = new JsonObject { ["openid"] = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
        ["sub_orders"] = new JsonArray(
            new JsonObject
            {
                ["mchid"] = "1230000109", ["attach"] = "深圳分店", ["out_trade_no"] = combineOutTradeNo + "A", ["description"] = "腾讯充值中心-QQ会员充值",
                ["amount"] = new JsonObject { ["total_amount"] = 10, ["currency"] = "CNY" },
            },
            new JsonObject
            {
                ["mchid"] = "1230000110", ["attach"] = "广州分店", ["out_trade_no"] = combineOutTradeNo + "B", ["description"] = "腾讯充值中心-QQ会员充值",
                ["amount"] = new JsonObject { ["total_amount"] = 20, ["currency"] = "CNY" },
            }),
    };

    public static JsonObject ProfitSharingOrder(string outOrderNo, string receiverName) => new()
    {
        ["appid"] = "wx8888888888888888",
        ["transaction_id"] = "4208450740201411110007820472",
        ["out_order_no"] = outOrderNo,
        ["receivers"] = new JsonArray(
            new JsonObject { ["type"] = "MERCHANT_ID", ["account"] = "86693852", ["name"] = receiverName, ["amount"] = 888, ["description"] = "分给商户A" },
            new JsonObject { ["type"] = "PERSONAL_OPENID", ["account"] = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", ["amount"] = 12, ["description"] = "分给个人" }),
        ["unfreeze_unsplit"] = true,
    };
}

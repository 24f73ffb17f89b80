#include "tools/exchange-sim/spot_render.hpp"

#include "tools/exchange-sim/render.hpp"

namespace tn::sim {

namespace {

void dec(std::string& out, std::string_view k, units v) {
  json_decimal(out, k, v, order_scale);
}

std::string_view tif(const sim_order& o) {
  return o.time_in_force.empty() ? std::string_view{"GTC"} : std::string_view{o.time_in_force};
}

/// The fields RESULT and cancel share after transactTime.
void result_fields(std::string& out, const sim_order& o) {
  dec(out, "price", o.price);
  dec(out, "origQty", o.orig_qty);
  dec(out, "executedQty", o.executed_qty);
  dec(out, "origQuoteOrderQty", 0);
  dec(out, "cummulativeQuoteQty", o.cum_quote);
  json_string(out, "status", o.status);
  json_string(out, "timeInForce", tif(o));
  json_string(out, "type", o.type);
  json_string(out, "side", o.buy ? "BUY" : "SELL");
  if (o.has_trigger())
    dec(out, "stopPrice", o.stop_price);
}

} // namespace

std::string render_spot_new_order(const sim_order& o, const std::vector<sim_fill>& fills,
                                  std::string_view resp_type, int64_t transact_time) {
  std::string out = "{";
  json_string(out, "symbol", o.symbol);
  json_int(out, "orderId", o.order_id);
  json_int(out, "orderListId", -1);
  json_string(out, "clientOrderId", o.client_order_id);
  json_int(out, "transactTime", transact_time);
  if (resp_type == "ACK")
    return out + "}";
  result_fields(out, o);
  if (o.working_time >= 0)
    json_int(out, "workingTime", o.working_time);
  json_string(out, "selfTradePreventionMode", "NONE");
  if (resp_type == "FULL") {
    json_key(out, "fills");
    out += '[';
    for (const auto& f : fills) {
      out += out.back() == '[' ? "{" : ",{";
      dec(out, "price", f.price);
      dec(out, "qty", f.qty);
      dec(out, "commission", f.commission);
      json_string(out, "commissionAsset", f.commission_asset);
      json_int(out, "tradeId", f.trade_id);
      out += '}';
    }
    out += ']';
  }
  return out + "}";
}

std::string render_spot_order(const sim_order& o) {
  std::string out = "{";
  json_string(out, "symbol", o.symbol);
  json_int(out, "orderId", o.order_id);
  json_int(out, "orderListId", -1);
  json_string(out, "clientOrderId", o.client_order_id);
  dec(out, "price", o.price);
  dec(out, "origQty", o.orig_qty);
  dec(out, "executedQty", o.executed_qty);
  dec(out, "cummulativeQuoteQty", o.cum_quote);
  json_string(out, "status", o.status);
  json_string(out, "timeInForce", tif(o));
  json_string(out, "type", o.type);
  json_string(out, "side", o.buy ? "BUY" : "SELL");
  dec(out, "stopPrice", o.stop_price);
  dec(out, "icebergQty", 0);
  json_int(out, "time", o.time);
  json_int(out, "updateTime", o.update_time);
  json_bool(out, "isWorking", o.working());
  json_int(out, "workingTime", o.working_time);
  dec(out, "origQuoteOrderQty", 0);
  json_string(out, "selfTradePreventionMode", "NONE");
  return out + "}";
}

std::string render_spot_cancel(const sim_order& o, std::string_view cancel_id,
                               int64_t transact_time) {
  std::string out = "{";
  json_string(out, "symbol", o.symbol);
  json_string(out, "origClientOrderId", o.client_order_id);
  json_int(out, "orderId", o.order_id);
  json_int(out, "orderListId", -1);
  json_string(out, "clientOrderId", cancel_id);
  json_int(out, "transactTime", transact_time);
  result_fields(out, o);
  json_string(out, "selfTradePreventionMode", "NONE");
  return out + "}";
}

std::string render_spot_trades(const std::vector<const sim_fill*>& fills) {
  std::string out = "[";
  for (const auto* f : fills) {
    out += out.size() == 1 ? "{" : ",{";
    json_string(out, "symbol", f->symbol);
    json_int(out, "id", f->trade_id);
    json_int(out, "orderId", f->order_id);
    json_int(out, "orderListId", -1);
    dec(out, "price", f->price);
    dec(out, "qty", f->qty);
    dec(out, "quoteQty", f->quote_qty);
    dec(out, "commission", f->commission);
    json_string(out, "commissionAsset", f->commission_asset);
    json_int(out, "time", f->time);
    json_bool(out, "isBuyer", f->buy);
    json_bool(out, "isMaker", f->maker);
    json_bool(out, "isBestMatch", true);
    out += '}';
  }
  return out + "]";
}

std::string render_spot_account(const spot_engine& engine, bool omit_zero) {
  const auto& opts = engine.options();
  // makerCommission counts basis points: 0.001 -> 10.
  auto bps = [](units rate) { return static_cast<int64_t>(rate / (pow10(order_scale) / 10000)); };
  std::string out = "{";
  json_int(out, "makerCommission", bps(opts.maker_fee));
  json_int(out, "takerCommission", bps(opts.taker_fee));
  json_int(out, "buyerCommission", 0);
  json_int(out, "sellerCommission", 0);
  json_key(out, "commissionRates");
  out += '{';
  dec(out, "maker", opts.maker_fee);
  dec(out, "taker", opts.taker_fee);
  dec(out, "buyer", 0);
  dec(out, "seller", 0);
  out += '}';
  json_bool(out, "canTrade", true);
  json_bool(out, "canWithdraw", true);
  json_bool(out, "canDeposit", true);
  json_bool(out, "brokered", false);
  json_bool(out, "requireSelfTradePrevention", false);
  json_bool(out, "preventSor", false);
  json_int(out, "updateTime", engine.update_time());
  json_string(out, "accountType", "SPOT");
  json_key(out, "balances");
  out += '[';
  for (const auto& [asset, b] : engine.balances()) {
    if (omit_zero && b.free == 0 && b.locked == 0)
      continue;
    out += out.back() == '[' ? "{" : ",{";
    json_string(out, "asset", asset);
    dec(out, "free", b.free);
    dec(out, "locked", b.locked);
    out += '}';
  }
  out += ']';
  json_key(out, "permissions");
  out += R"(["SPOT"])";
  json_int(out, "uid", 354937868);
  return out + "}";
}

} // namespace tn::sim

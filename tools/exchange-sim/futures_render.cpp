#include "tools/exchange-sim/futures_render.hpp"

#include "tools/exchange-sim/render.hpp"

namespace tn::sim {

namespace {

constexpr int wallet_scale = 8;

/// `v` (at 8 decimals) written at `scale` decimals, rounded down.
void dec(std::string& out, std::string_view key, units v, int scale) {
  json_decimal(out, key, scale >= order_scale ? rescale(v, order_scale, scale)
                                              : v / pow10(order_scale - scale),
               scale);
}

void money(std::string& out, std::string_view key, units v) {
  dec(out, key, v, wallet_scale);
}

std::string_view side(const sim_order& o) {
  return o.buy ? "BUY" : "SELL";
}

units average(const sim_order& o) {
  return o.executed_qty == 0 ? 0 : o.cum_quote * pow10(order_scale) / o.executed_qty;
}

std::string_view tif(const sim_order& o) {
  return o.time_in_force.empty() ? std::string_view{"GTC"} : std::string_view{o.time_in_force};
}

/// The fields every order body ends with.
void tail(std::string& out, const sim_order& o) {
  json_int(out, "updateTime", o.update_time);
  json_string(out, "workingType", o.working_type);
  json_bool(out, "priceProtect", false);
  json_string(out, "priceMatch", "NONE");
  json_string(out, "selfTradePreventionMode", "EXPIRE_MAKER");
  json_int(out, "goodTillDate", 0);
}

units abs_units(units v) {
  return v < 0 ? -v : v;
}

} // namespace

std::string render_futures_order_result(const sim_order& o, const scales& sc) {
  std::string out = "{";
  json_string(out, "clientOrderId", o.client_order_id);
  dec(out, "cumQty", o.executed_qty, sc.qty);
  dec(out, "cumQuote", o.cum_quote, sc.quote);
  dec(out, "executedQty", o.executed_qty, sc.qty);
  json_int(out, "orderId", o.order_id);
  dec(out, "avgPrice", average(o), sc.price);
  dec(out, "origQty", o.orig_qty, sc.qty);
  dec(out, "price", o.price, sc.price);
  json_bool(out, "reduceOnly", o.reduce_only);
  json_string(out, "side", side(o));
  json_string(out, "positionSide", "BOTH");
  json_string(out, "status", o.status);
  dec(out, "stopPrice", o.stop_price, sc.price);
  json_bool(out, "closePosition", o.close_position);
  json_string(out, "symbol", o.symbol);
  json_string(out, "timeInForce", tif(o));
  json_string(out, "type", o.type);
  json_string(out, "origType", o.type);
  tail(out, o);
  return out + "}";
}

std::string render_futures_order(const sim_order& o, const scales& sc) {
  std::string out = "{";
  dec(out, "avgPrice", average(o), sc.price);
  json_string(out, "clientOrderId", o.client_order_id);
  dec(out, "cumQuote", o.cum_quote, sc.quote);
  dec(out, "executedQty", o.executed_qty, sc.qty);
  json_int(out, "orderId", o.order_id);
  dec(out, "origQty", o.orig_qty, sc.qty);
  json_string(out, "origType", o.type);
  dec(out, "price", o.price, sc.price);
  json_bool(out, "reduceOnly", o.reduce_only);
  json_string(out, "side", side(o));
  json_string(out, "positionSide", "BOTH");
  json_string(out, "status", o.status);
  dec(out, "stopPrice", o.stop_price, sc.price);
  json_bool(out, "closePosition", o.close_position);
  json_string(out, "symbol", o.symbol);
  json_int(out, "time", o.time);
  json_string(out, "timeInForce", tif(o));
  json_string(out, "type", o.type);
  tail(out, o);
  return out + "}";
}

std::string render_algo_order(const algo_order& a, const scales& sc) {
  const auto& o = a.order;
  std::string out = "{";
  json_int(out, "algoId", o.order_id);
  json_string(out, "clientAlgoId", o.client_order_id);
  json_string(out, "algoType", "CONDITIONAL");
  json_string(out, "orderType", o.type);
  json_string(out, "symbol", o.symbol);
  json_string(out, "side", side(o));
  json_string(out, "positionSide", "BOTH");
  json_string(out, "timeInForce", tif(o));
  dec(out, "quantity", o.orig_qty, sc.qty);
  json_string(out, "algoStatus", a.status);
  dec(out, "triggerPrice", o.stop_price, sc.price);
  dec(out, "price", o.price, sc.price);
  json_key(out, "icebergQuantity");
  out += "null";
  json_string(out, "selfTradePreventionMode", "EXPIRE_MAKER");
  json_string(out, "workingType", o.working_type);
  json_string(out, "priceMatch", "NONE");
  json_bool(out, "closePosition", o.close_position);
  json_bool(out, "priceProtect", false);
  json_bool(out, "reduceOnly", o.reduce_only);
  json_string(out, "activatePrice", "");
  json_string(out, "callbackRate", "");
  json_int(out, "createTime", o.time);
  json_int(out, "updateTime", o.update_time);
  json_int(out, "triggerTime", a.trigger_time);
  json_int(out, "goodTillDate", 0);
  if (a.actual_order_id > 0)
    json_string(out, "actualOrderId", std::to_string(a.actual_order_id));
  return out + "}";
}

std::string render_futures_trades(const std::vector<const sim_fill*>& fills, const scales& sc) {
  std::string out = "[";
  for (const auto* f : fills) {
    out += out.size() == 1 ? "{" : ",{";
    json_bool(out, "buyer", f->buy);
    money(out, "commission", f->commission);
    json_string(out, "commissionAsset", f->commission_asset);
    json_int(out, "id", f->trade_id);
    json_bool(out, "maker", f->maker);
    json_int(out, "orderId", f->order_id);
    dec(out, "price", f->price, sc.price);
    dec(out, "qty", f->qty, sc.qty);
    dec(out, "quoteQty", f->quote_qty, sc.quote);
    money(out, "realizedPnl", f->realized_pnl);
    json_string(out, "side", f->buy ? "BUY" : "SELL");
    json_string(out, "positionSide", "BOTH");
    json_string(out, "symbol", f->symbol);
    json_int(out, "time", f->time);
    out += '}';
  }
  return out + "]";
}

std::string render_position_risk(futures_engine& e, const std::vector<std::string>& symbols,
                                 const precision_of& precision, bool v3, int64_t now) {
  std::string out = "[";
  for (const auto& symbol : symbols) {
    const auto& p = e.position(symbol);
    // v3 lists only symbols with a position or open orders; v2 lists all.
    if (v3 && p.amt == 0 && e.open_orders(symbol).empty())
      continue;
    auto sc = precision(symbol);
    units mark = e.mark(symbol);
    units notional = mul8(p.amt, mark);
    units margin = abs_units(notional) / p.leverage;
    out += out.size() == 1 ? "{" : ",{";
    json_string(out, "symbol", symbol);
    if (v3)
      json_string(out, "positionSide", "BOTH");
    dec(out, "positionAmt", p.amt, sc.qty);
    dec(out, "entryPrice", p.entry, sc.price);
    dec(out, "breakEvenPrice", p.entry, sc.price);
    money(out, "markPrice", mark);
    money(out, "unRealizedProfit", e.unrealized(symbol));
    money(out, "liquidationPrice", 0);
    if (v3) {
      money(out, "isolatedMargin", p.isolated ? margin : 0);
      money(out, "notional", notional);
      json_string(out, "marginAsset", "USDT");
      money(out, "isolatedWallet", p.isolated ? margin : 0);
      money(out, "initialMargin", margin);
      money(out, "maintMargin", margin / 8);
      money(out, "positionInitialMargin", margin);
      money(out, "openOrderInitialMargin", 0);
      json_int(out, "adl", 0);
      money(out, "bidNotional", 0);
      money(out, "askNotional", 0);
    } else {
      json_string(out, "leverage", std::to_string(p.leverage));
      json_string(out, "maxNotionalValue", "1000000");
      json_string(out, "marginType", p.isolated ? "isolated" : "cross");
      money(out, "isolatedMargin", p.isolated ? margin : 0);
      json_string(out, "isAutoAddMargin", "false");
      json_string(out, "positionSide", "BOTH");
      money(out, "notional", notional);
      money(out, "isolatedWallet", p.isolated ? margin : 0);
    }
    json_int(out, "updateTime", p.update_time == 0 ? now : p.update_time);
    out += '}';
  }
  return out + "]";
}

std::string render_futures_balance(const futures_engine& e, int64_t now) {
  std::string out = "[{";
  json_string(out, "accountAlias", "SgsR");
  json_string(out, "asset", "USDT");
  money(out, "balance", e.wallet());
  money(out, "crossWalletBalance", e.wallet());
  money(out, "crossUnPnl", e.unrealized());
  money(out, "availableBalance", e.available());
  money(out, "maxWithdrawAmount", e.available());
  json_bool(out, "marginAvailable", true);
  json_int(out, "updateTime", e.update_time() == 0 ? now : e.update_time());
  return out + "}]";
}

std::string render_futures_account(futures_engine& e, const precision_of& precision, int64_t now) {
  units im = e.position_margin() + e.order_margin();
  units margin_balance = e.wallet() + e.unrealized();
  std::string out = "{";
  money(out, "totalInitialMargin", im);
  money(out, "totalMaintMargin", e.position_margin() / 8);
  money(out, "totalWalletBalance", e.wallet());
  money(out, "totalUnrealizedProfit", e.unrealized());
  money(out, "totalMarginBalance", margin_balance);
  money(out, "totalPositionInitialMargin", e.position_margin());
  money(out, "totalOpenOrderInitialMargin", e.order_margin());
  money(out, "totalCrossWalletBalance", e.wallet());
  money(out, "totalCrossUnPnl", e.unrealized());
  money(out, "availableBalance", e.available());
  money(out, "maxWithdrawAmount", e.available());
  json_key(out, "assets");
  out += "[{";
  json_string(out, "asset", "USDT");
  money(out, "walletBalance", e.wallet());
  money(out, "unrealizedProfit", e.unrealized());
  money(out, "marginBalance", margin_balance);
  money(out, "maintMargin", e.position_margin() / 8);
  money(out, "initialMargin", im);
  money(out, "positionInitialMargin", e.position_margin());
  money(out, "openOrderInitialMargin", e.order_margin());
  money(out, "crossWalletBalance", e.wallet());
  money(out, "crossUnPnl", e.unrealized());
  money(out, "availableBalance", e.available());
  money(out, "maxWithdrawAmount", e.available());
  json_int(out, "updateTime", e.update_time() == 0 ? now : e.update_time());
  out += "}]";
  json_key(out, "positions");
  out += '[';
  for (const auto& [symbol, p] : e.positions()) {
    if (p.amt == 0)
      continue;
    auto sc = precision(symbol);
    units notional = mul8(p.amt, e.mark(symbol));
    out += out.back() == '[' ? "{" : ",{";
    json_string(out, "symbol", symbol);
    json_string(out, "positionSide", "BOTH");
    dec(out, "positionAmt", p.amt, sc.qty);
    money(out, "unrealizedProfit", e.unrealized(symbol));
    money(out, "isolatedMargin", 0);
    money(out, "notional", notional);
    money(out, "isolatedWallet", 0);
    money(out, "initialMargin", abs_units(notional) / p.leverage);
    money(out, "maintMargin", abs_units(notional) / p.leverage / 8);
    json_int(out, "updateTime", p.update_time);
    out += '}';
  }
  return out + "]}";
}

} // namespace tn::sim

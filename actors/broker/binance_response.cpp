#include "actors/broker/binance_response.hpp"

#include "runtime/json/json_read.hpp"

#include <algorithm>

namespace tn {

namespace {

namespace dom = simdjson::dom;
using json_read::get;

/// A decimal string member; false (with why) if absent or not exact.
bool read_decimal(const dom::object& obj, std::string_view key, decimal& out, std::string& error) {
  std::string_view text;
  if (!get(obj, key, text)) {
    error = std::string{key} + " missing";
    return false;
  }
  auto x = decimal::parse(text);
  if (!x) {
    error = std::string{key} + " '" + std::string{text} + "' is not an exact decimal";
    return false;
  }
  out = *x;
  return true;
}

/// An integer member written as a number or a string ("actualOrderId").
std::string id_text(const dom::object& obj, std::string_view key) {
  int64_t n = 0;
  if (get(obj, key, n))
    return std::to_string(n);
  uint64_t u = 0;
  if (get(obj, key, u))
    return std::to_string(u);
  return json_read::string_or(obj, key);
}

timestamp ms_time(const dom::object& obj, std::initializer_list<std::string_view> keys) {
  for (auto key : keys) {
    int64_t ms = 0;
    if (get(obj, key, ms) && ms > 0)
      return timestamp{} + std::chrono::milliseconds{ms};
  }
  return timestamp{};
}

bool object_of(std::string_view body, dom::parser& parser, dom::object& out, std::string& error) {
  if (json_read::parse(parser, body).get(out) != simdjson::SUCCESS) {
    error = "not a JSON object: " + json_read::for_log(body, 200);
    return false;
  }
  return true;
}

bool array_of(std::string_view body, dom::parser& parser, dom::array& out, std::string& error) {
  if (json_read::parse(parser, body).get(out) != simdjson::SUCCESS) {
    error = "not a JSON array: " + json_read::for_log(body, 200);
    return false;
  }
  return true;
}

/// Calls `read` with each object of `items`; false at the first that is no
/// object (`what` names it) or that `read` refuses.
template <class Read>
bool each_object(const dom::array& items, const char* what, std::string& error, Read read) {
  for (auto item : items) {
    dom::object o;
    if (item.get(o) != simdjson::SUCCESS) {
      error = std::string{"a "} + what + " is not an object";
      return false;
    }
    if (!read(o))
      return false;
  }
  return true;
}

fill fill_of(const order_request& req) {
  fill f;
  f.client_id = req.client_id;
  f.symbol = req.symbol;
  f.side = req.side;
  f.decision_id = req.decision_id;
  return f;
}

/// One execution: `id_key` names its trade id ("tradeId" in FULL answers,
/// "id" in trade lists).
bool read_fill(const dom::object& o, const order_request& req, std::string_view id_key, fill& f,
               std::string& error) {
  f = fill_of(req);
  int64_t id = 0;
  if (!get(o, id_key, id) || id < 0) {
    error = "fill without " + std::string{id_key};
    return false;
  }
  f.trade_id = static_cast<uint64_t>(id);
  if (!read_decimal(o, "price", f.price, error) || !read_decimal(o, "qty", f.quantity, error)
      || !read_decimal(o, "commission", f.fee, error))
    return false;
  f.fee_asset = json_read::string_or(o, "commissionAsset");
  bool maker = false;
  f.maker = get(o, "isMaker", maker) ? maker : (get(o, "maker", maker) && maker);
  f.ts = ms_time(o, {"time"});
  return true;
}

/// Spot FULL's fills: the order's own executions, as takers.
bool read_full_fills(const dom::object& obj, const order_request& req, timestamp ts,
                     std::vector<fill>& out, std::string& error) {
  dom::array fills;
  if (!get(obj, "fills", fills))
    return true;
  return each_object(fills, "fill", error, [&](const dom::object& o) {
    fill f;
    if (!read_fill(o, req, "tradeId", f, error))
      return false;
    f.ts = ts;
    out.push_back(std::move(f));
    return true;
  });
}

bool parse_algo(const dom::object& obj, order_report& out, std::string& error) {
  auto& u = out.update;
  auto status = json_read::string_or(obj, "algoStatus");
  if (!order_state_of(status, true, u.state)) {
    error = "algoStatus '" + status + "' unknown";
    return false;
  }
  u.exchange_order_id = id_text(obj, "algoId");
  out.trades_order_id = id_text(obj, "actualOrderId");
  u.ts = ms_time(obj, {"updateTime", "createTime"});
  // Its executions belong to the order it triggered: the caller reads
  // them and sums the filled quantity.
  return true;
}

} // namespace

bool parse_error(std::string_view body, exchange_error& out) {
  dom::parser parser;
  dom::object obj;
  if (json_read::parse(parser, body).get(obj) != simdjson::SUCCESS)
    return false;
  if (!get(obj, "code", out.code))
    return false;
  out.msg = json_read::string_or(obj, "msg");
  return true;
}

answer_kind classify(const std::string& transport_error, bool written, unsigned status,
                     std::string_view body) {
  if (!transport_error.empty())
    return written ? answer_kind::outcome_unknown : answer_kind::not_sent;
  exchange_error e;
  bool is_error = parse_error(body, e) && e.code != 200 && e.code != 0;
  if (is_error && too_many_orders(e))
    return answer_kind::order_limited;
  if (status == 429 || status == 418)
    return answer_kind::rate_limited;
  if (status >= 500)
    return answer_kind::outcome_unknown;
  if (status >= 200 && status < 300 && !is_error)
    return answer_kind::ok;
  if (e.code == -1021)
    return answer_kind::clock_skew;
  if (e.code == -2013 || (e.code == -2011 && e.msg.find("Unknown order") != std::string::npos))
    return answer_kind::unknown_order;
  if (e.code == -1013 || e.code == -1111 || (e.code <= -4000 && e.code > -5000))
    return answer_kind::filter_failure;
  return answer_kind::rejected;
}

bool would_take(const exchange_error& e) {
  return (e.code == -2010 && e.msg.find("immediately match") != std::string::npos)
         || e.code == -5022;
}

bool too_many_orders(const exchange_error& e) {
  return e.code == -1015;
}

bool margin_type_unchanged(const exchange_error& e) {
  return e.code == -4046;
}

bool order_state_of(std::string_view status, bool algo, order_state& out) {
  struct word {
    std::string_view text;
    order_state state;
  };
  static constexpr word orders[] = {
    {"NEW", order_state::open},           {"PENDING_NEW", order_state::sent},
    {"PARTIALLY_FILLED", order_state::partially_filled},
    {"FILLED", order_state::filled},      {"CANCELED", order_state::canceled},
    {"PENDING_CANCEL", order_state::open}, {"REJECTED", order_state::rejected},
    {"EXPIRED", order_state::expired},    {"EXPIRED_IN_MATCH", order_state::expired},
  };
  // An algo order FINISHED has triggered: its order went to the book.
  static constexpr word algos[] = {
    {"NEW", order_state::open},         {"TRIGGERING", order_state::open},
    {"TRIGGERED", order_state::open},   {"FINISHED", order_state::filled},
    {"CANCELED", order_state::canceled}, {"REJECTED", order_state::rejected},
    {"EXPIRED", order_state::expired},
  };
  auto match = [&](const auto& table) {
    auto it = std::find_if(std::begin(table), std::end(table),
                           [&](const word& w) { return w.text == status; });
    if (it == std::end(table))
      return false;
    out = it->state;
    return true;
  };
  return algo ? match(algos) : match(orders);
}

bool parse_order(std::string_view body, market_kind market, bool algo, const order_request& req,
                 order_report& out, std::string& error) {
  dom::parser parser;
  dom::object obj;
  if (!object_of(body, parser, obj, error))
    return false;
  out = order_report{};
  auto& u = out.update;
  u.client_id = req.client_id;
  u.symbol = req.symbol;
  if (algo)
    return parse_algo(obj, out, error);
  auto status = json_read::string_or(obj, "status");
  if (!order_state_of(status, false, u.state)) {
    error = "status '" + status + "' unknown";
    return false;
  }
  u.exchange_order_id = id_text(obj, "orderId");
  out.trades_order_id = u.exchange_order_id;
  if (!read_decimal(obj, "executedQty", u.filled_quantity, error))
    return false;
  u.ts = ms_time(obj, {"transactTime", "updateTime", "time"});
  if (market == market_kind::spot) {
    decimal quote;
    if (!read_decimal(obj, "cummulativeQuoteQty", quote, error))
      return false;
    if (u.filled_quantity.is_positive())
      u.average_price = div(quote, u.filled_quantity);
    return read_full_fills(obj, req, u.ts, out.fills, error);
  }
  if (!read_decimal(obj, "avgPrice", u.average_price, error))
    return false;
  return true;
}

bool parse_trades(std::string_view body, const order_request& req, std::vector<fill>& out,
                  std::string& error) {
  dom::parser parser;
  dom::array items;
  if (!array_of(body, parser, items, error))
    return false;
  return each_object(items, "trade", error, [&](const dom::object& o) {
    fill f;
    if (!read_fill(o, req, "id", f, error))
      return false;
    out.push_back(std::move(f));
    return true;
  });
}

bool parse_server_time(std::string_view body, int64_t& ms, std::string& error) {
  dom::parser parser;
  dom::object obj;
  if (!object_of(body, parser, obj, error))
    return false;
  if (!get(obj, "serverTime", ms)) {
    error = "no serverTime in " + json_read::for_log(body, 200);
    return false;
  }
  return true;
}

bool parse_balances(std::string_view body, market_kind market, std::vector<asset_balance>& out,
                    std::string& error) {
  dom::parser parser;
  dom::array items;
  if (market == market_kind::spot) {
    dom::object obj;
    if (!object_of(body, parser, obj, error))
      return false;
    if (!get(obj, "balances", items)) {
      error = "no balances in the account";
      return false;
    }
  } else if (!array_of(body, parser, items, error)) {
    return false;
  }
  return each_object(items, "balance", error, [&](const dom::object& o) {
    asset_balance b;
    b.asset = json_read::string_or(o, "asset");
    if (market == market_kind::spot) {
      if (!read_decimal(o, "free", b.free, error) || !read_decimal(o, "locked", b.locked, error))
        return false;
    } else {
      decimal wallet;
      if (!read_decimal(o, "balance", wallet, error)
          || !read_decimal(o, "availableBalance", b.free, error))
        return false;
      b.locked = wallet - b.free;
    }
    out.push_back(std::move(b));
    return true;
  });
}

bool parse_positions(std::string_view body, std::vector<futures_position>& out,
                     std::string& error) {
  dom::parser parser;
  dom::array items;
  if (!array_of(body, parser, items, error))
    return false;
  return each_object(items, "position", error, [&](const dom::object& o) {
    futures_position p;
    p.symbol = json_read::string_or(o, "symbol");
    if (!read_decimal(o, "positionAmt", p.amount, error)
        || !read_decimal(o, "entryPrice", p.entry_price, error))
      return false;
    if (!p.amount.is_zero())
      out.push_back(std::move(p));
    return true;
  });
}

} // namespace tn

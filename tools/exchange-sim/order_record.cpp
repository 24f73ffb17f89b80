#include "tools/exchange-sim/order_record.hpp"

#include "tools/exchange-sim/render.hpp"

#include <cerrno>
#include <cstring>

namespace tn::sim {

namespace {

void dec(std::string& out, std::string_view key, units value) {
  json_decimal(out, key, value, order_scale);
}

} // namespace

order_record::~order_record() {
  if (file_)
    std::fclose(file_);
}

bool order_record::open(const std::string& path, std::string& error) {
  file_ = std::fopen(path.c_str(), "a");
  if (!file_)
    error = "--record " + path + ": " + std::strerror(errno);
  return file_ != nullptr;
}

void order_record::order(std::string_view market, const sim_order& o) {
  std::string line = R"({"event":"order")";
  json_string(line, "market", market);
  json_string(line, "symbol", o.symbol);
  json_int(line, "orderId", o.order_id);
  json_string(line, "clientOrderId", o.client_order_id);
  json_string(line, "side", o.buy ? "BUY" : "SELL");
  json_string(line, "type", o.type);
  dec(line, "price", o.price);
  dec(line, "stopPrice", o.stop_price);
  dec(line, "origQty", o.orig_qty);
  dec(line, "executedQty", o.executed_qty);
  json_string(line, "status", o.status);
  json_int(line, "updateTime", o.update_time);
  add(line + "}");
}

void order_record::fill(const sim_fill& f) {
  std::string line = R"({"event":"fill")";
  json_string(line, "market", f.market);
  json_string(line, "symbol", f.symbol);
  json_int(line, "tradeId", f.trade_id);
  json_int(line, "orderId", f.order_id);
  json_string(line, "clientOrderId", f.client_order_id);
  json_string(line, "side", f.buy ? "BUY" : "SELL");
  dec(line, "price", f.price);
  dec(line, "qty", f.qty);
  dec(line, "quoteQty", f.quote_qty);
  dec(line, "commission", f.commission);
  json_string(line, "commissionAsset", f.commission_asset);
  json_bool(line, "maker", f.maker);
  json_int(line, "time", f.time);
  add(line + "}");
}

std::string order_record::text() const {
  std::string out;
  for (const auto& l : lines_)
    out += l + "\n";
  return out;
}

void order_record::add(std::string line) {
  if (file_) {
    std::fputs((line + "\n").c_str(), file_);
    std::fflush(file_);
  }
  lines_.push_back(std::move(line));
}

} // namespace tn::sim

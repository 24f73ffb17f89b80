#include "tools/exchange-sim/sim_server.hpp"

#include "runtime/net/io_thread.hpp"
#include "tools/exchange-sim/render.hpp"
#include "tools/exchange-sim/query.hpp"
#include "tools/exchange-sim/rest.hpp"
#include "tools/exchange-sim/futures_api.hpp"
#include "tools/exchange-sim/futures_rest.hpp"
#include "tools/exchange-sim/spot_api.hpp"
#include "tools/exchange-sim/ticker_events.hpp"

#include <chrono>
#include <cstdio>

namespace tn::sim {

namespace {

int64_t wall_now_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names)
    out += (out.empty() ? "" : " ") + n;
  return out.empty() ? "(none)" : out;
}

} // namespace

sim_server::sim_server(net::io_thread& io, const sim_options& opts, market m, exchange_info info,
                       exchange_info futures_info, int64_t start)
  : io_(io),
    opts_(opts),
    market_(std::move(m)),
    info_(std::move(info)),
    futures_info_(std::move(futures_info)),
    replay_(market_, opts.updates_per_bar, start),
    clock_{start, wall_now_us(), opts.speed},
    http_faults_(opts.faults),
    order_faults_(opts.faults),
    weights_(opts.weights),
    keys_{opts.api_key, opts.api_secret},
    spot_(opts.account, record_),
    futures_(opts.account, record_),
    order_counts_(opts.weights) {
}

bool sim_server::start(std::string& error) {
  if (!opts_.record_file.empty() && !record_.open(opts_.record_file, error))
    return false;
  net::server_handlers h;
  h.on_http = [this](const net::http_request& req, std::function<void(net::http_response)> respond) {
    on_http(req, std::move(respond));
  };
  h.on_ws_open = [this](const std::shared_ptr<net::ws_session>& ws) { on_open(ws); };
  h.on_ws_message = [this](const std::shared_ptr<net::ws_session>& ws, std::string_view text) {
    on_message(ws, text);
  };
  h.on_ws_close = [this](const std::shared_ptr<net::ws_session>& ws) { on_close(ws); };
  net::tls_server_options tls{opts_.tls_cert, opts_.tls_key};
  server_ = net::server::listen(io_, opts_.host, static_cast<uint16_t>(opts_.port),
                                opts_.tls_cert.empty() ? nullptr : &tls, std::move(h), error);
  if (!server_)
    return false;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    clock_.wall_start = wall_now_us();
  }
  io_.post([this] { pump(); });
  return true;
}

uint16_t sim_server::port() const {
  return server_ ? server_->port() : 0;
}

void sim_server::stop() {
  if (server_)
    server_->stop();
}

void sim_server::on_http(const net::http_request& req,
                         std::function<void(net::http_response)> respond) {
  http_reply reply;
  bool drop = false;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    int64_t wall_us = wall_now_us();
    rest_context ctx{wall_us / 1000, clock_.market_at(wall_us), opts_.updates_per_bar};
    auto limited = weights_.admit(ctx.wall_ms, request_weight(req.target, req.method));
    auto fault = limited ? std::nullopt : http_faults_.next(ctx.wall_ms);
    if (fault && (fault->status == 429 || fault->status == 418))
      weights_.note_retry_after(ctx.wall_ms, opts_.faults.retry_after_s);
    if (limited && limited->status == 429)
      std::fprintf(stderr, "http %s %s: over the weight limit\n", req.method.c_str(),
                   req.target.c_str());
    reply = limited ? std::move(*limited)
            : fault ? std::move(*fault)
                    : answer(req, ctx, drop);
    weights_.stamp(reply);
  }
  if (drop) { // `respond` goes unused: the session closes its connection
    std::fprintf(stderr, "http %s %s: executed, connection dropped (fault injection)\n",
                 req.method.c_str(), req.target.c_str());
    return;
  }
  net::http_response resp;
  resp.status = static_cast<unsigned>(reply.status);
  resp.headers = std::move(reply.headers);
  resp.body = std::move(reply.body);
  if (reply.status >= 400)
    std::fprintf(stderr, "http %s %s -> %d\n", req.method.c_str(), req.target.c_str(), reply.status);
  if (opts_.faults.delay_ms > 0)
    io_.after(std::chrono::milliseconds{opts_.faults.delay_ms},
              [respond = std::move(respond), resp = std::move(resp)]() mutable {
                respond(std::move(resp));
              });
  else
    respond(std::move(resp));
}

http_reply sim_server::answer(const net::http_request& req, const rest_context& ctx,
                              bool& drop) {
  auto path = std::string_view{req.target}.substr(0, req.target.find('?'));
  if (path == "/sim/record" && req.method == "GET") {
    auto r = json_reply(200, record_.text());
    r.headers.front().second = "application/x-ndjson";
    return r;
  }
  if (path == "/sim/fault" && req.method == "POST") {
    auto t = parse_target(req.target);
    order_fault f;
    std::string error;
    const auto* next = t.get("next");
    if (!next || !parse_order_fault(*next, f, error))
      return error_reply(400, -1100, "next: reject, drop, 5xx, 429 or 418");
    order_faults_.arm(f.kind);
    return json_reply(200, "{}");
  }
  if (!is_futures_private(path) && !is_spot_private(path)) {
    if (is_futures_public(path))
      return handle_futures_rest(market_, futures_info_, req.method, req.target, ctx);
    return handle_rest(market_, info_, req.method, req.target, ctx);
  }
  auto api_key = req.header("X-MBX-APIKEY");
  private_request preq{req.method, req.target, req.body, api_key};
  request_target params;
  if (auto err = check_signed(keys_, preq, ctx.wall_ms, params))
    return std::move(*err);
  return answer_private(req, path, params, ctx, drop);
}

http_reply sim_server::answer_private(const net::http_request& req, std::string_view path,
                                      const request_target& params, const rest_context& ctx,
                                      bool& drop) {
  bool order = places_order(req.method, path);
  auto fault = order ? order_faults_.next() : std::nullopt;
  if (fault && *fault != order_fault_kind::drop && *fault != order_fault_kind::server_error) {
    if (*fault != order_fault_kind::reject)
      weights_.note_retry_after(ctx.wall_ms, opts_.faults.retry_after_s);
    return order_fault_reply(*fault, ctx.wall_ms, opts_.faults.retry_after_s);
  }
  bool futures = path.rfind("/fapi/", 0) == 0;
  if (order && !fault)
    if (auto refused = order_counts_.admit(ctx.wall_ms, futures))
      return std::move(*refused);
  auto reply = futures
                 ? handle_futures_private(futures_, market_, futures_info_, req.method, params, ctx)
                 : handle_spot_private(spot_, market_, info_, req.method, params, ctx);
  if (reply.status == 200 && order) {
    order_counts_.count(ctx.wall_ms);
    order_counts_.stamp(reply, futures);
  }
  if (fault == order_fault_kind::server_error)
    return order_fault_reply(*fault, ctx.wall_ms, opts_.faults.retry_after_s);
  drop = fault == order_fault_kind::drop;
  return reply;
}

void sim_server::match(const kline_update& u, int64_t wall_ms) {
  const auto& s = market_.series()[u.series];
  const auto& bar = s.bars[u.bar];
  auto now = partial_bar(bar, u.step, u.steps, s.tick, s.lot);
  // Where this update's stretch of the path began: the previous update, or
  // the bar's open (which the previous bar's close led to).
  kline before = bar;
  before.low = before.high = before.close = bar.open;
  if (u.step > 1)
    before = partial_bar(bar, u.step - 1, u.steps, s.tick, s.lot);
  units lo = std::min(before.close, now.close);
  units hi = std::max(before.close, now.close);
  if (now.low < before.low)
    lo = std::min(lo, now.low);
  if (now.high > before.high)
    hi = std::max(hi, now.high);
  if (u.step == 1 && u.bar > 0) { // the gap from the previous close to this open
    lo = std::min(lo, s.bars[u.bar - 1].close);
    hi = std::max(hi, s.bars[u.bar - 1].close);
  }
  auto lo8 = to_order_scale(lo, s.scale.price);
  auto hi8 = to_order_scale(hi, s.scale.price);
  // What resting limits may fill: a share of the volume this update traded.
  auto traded = to_order_scale(now.volume - (u.step > 1 ? before.volume : 0), s.scale.qty);
  auto budget = [&](const exchange_info& info) {
    const auto* rules = info.find(s.symbol);
    return fill_budget{traded, opts_.fill_share, rules ? rules->lot : 0};
  };
  spot_.on_market(s.symbol, lo8, hi8, wall_ms, budget(info_));
  futures_.on_market(s.symbol, lo8, hi8, to_order_scale(now.close, s.scale.price), wall_ms,
                     budget(futures_info_));
}

void sim_server::on_open(const std::shared_ptr<net::ws_session>& ws) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto [it, fresh] = clients_.emplace(ws->id(), client{ws, stream_session{ws->target()},
                                                       stream_faults{opts_.faults}});
  std::fprintf(stderr, "ws #%llu open %s: %s\n", static_cast<unsigned long long>(ws->id()),
               ws->target().c_str(), join(it->second.streams.streams()).c_str());
}

void sim_server::on_message(const std::shared_ptr<net::ws_session>& ws, std::string_view text) {
  std::string answer;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    auto it = clients_.find(ws->id());
    if (it == clients_.end())
      return;
    auto before = it->second.streams.streams();
    answer = it->second.streams.on_frame(text);
    if (before != it->second.streams.streams())
      std::fprintf(stderr, "ws #%llu streams: %s\n", static_cast<unsigned long long>(ws->id()),
                   join(it->second.streams.streams()).c_str());
  }
  ws->send(std::move(answer));
}

void sim_server::on_close(const std::shared_ptr<net::ws_session>& ws) {
  std::lock_guard<std::mutex> guard{mutex_};
  clients_.erase(ws->id());
  std::fprintf(stderr, "ws #%llu closed\n", static_cast<unsigned long long>(ws->id()));
}

void sim_server::pump() {
  std::vector<delivery> out;
  int64_t wake_us = 0;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    // --delay-ms: the whole stream runs that much behind its schedule.
    const int64_t delay_us = int64_t{opts_.faults.delay_ms} * 1000;
    const int64_t wall_us = wall_now_us();
    for (const auto& u : replay_.take_due(clock_.market_at(wall_us - delay_us))) {
      match(u, wall_us / 1000);
      deliver(u, out);
    }
    if (auto next = replay_.next_time()) {
      wake_us = clock_.wall_at(*next) + delay_us;
    } else if (!finished_logged_) {
      finished_logged_ = true;
      std::fprintf(stderr, "replay finished: no more bars; REST keeps serving\n");
    }
  }
  for (auto& d : out) {
    d.ws->send(std::move(d.text));
    if (d.drop_after)
      d.ws->drop();
  }
  if (wake_us > 0)
    io_.after(std::chrono::microseconds{std::max<int64_t>(0, wake_us - wall_now_us())},
              [this] { pump(); });
}

void sim_server::deliver(const kline_update& u, std::vector<delivery>& out) {
  const auto& s = market_.series()[u.series];
  const auto& bar = s.bars[u.bar];
  const auto partial = partial_bar(bar, u.step, u.steps, s.tick, s.lot);
  for (auto& [id, c] : clients_) {
    // Queues `event` of `stream` for the client; false once it is dropped.
    auto push = [&, &id = id, &c = c](const std::string& stream, const std::string& event) {
      if (c.dropped)
        return false;
      auto outcome = c.faults.next(c.streams.frame(stream, event));
      out.push_back({c.ws, std::move(outcome.text), outcome.drop_after});
      if (outcome.drop_after) {
        c.dropped = true;
        std::fprintf(stderr, "ws #%llu dropped (fault injection)\n",
                     static_cast<unsigned long long>(id));
      }
      return !c.dropped;
    };
    for (const auto& sub : c.streams.klines()) {
      if (sub.symbol != s.symbol)
        continue;
      bool minute = sub.span.ms == minute_ms;
      auto k = minute ? partial : interval_bar(s, u.bar, partial, sub.span);
      bool closed = u.closed() && (minute || ends_bucket(bar, sub.span));
      if (!push(sub.stream, render_kline_event(s.symbol, sub.span.name, k, s.scale, closed,
                                               u.event_time)))
        break;
    }
    for (const auto& feed : c.streams.feeds()) {
      if (!feed.symbol.empty() && feed.symbol != s.symbol)
        continue;
      // All-market arrays carry the symbols that changed: this update's one.
      auto event = render_feed_event(feed.kind, s, u.bar, partial, u.event_time,
                                     c.streams.futures());
      if (!push(feed.stream, feed.array() ? "[" + event + "]" : event))
        break;
    }
  }
}

} // namespace tn::sim

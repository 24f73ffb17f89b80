#include "actors/market_listener/rest_scheduler.hpp"

#include "actors/market_listener/klines_fetch.hpp"
#include "runtime/clock.hpp"
#include "runtime/net/http.hpp"
#include "runtime/net/io_thread.hpp"

#include <charconv>
#include <map>
#include <utility>

namespace tn {

namespace {

constexpr int64_t exchange_info_weight = 20;

/// How long the queue runs on the conservative limit after the limits
/// could not be read, before it asks for them again.
constexpr auto limits_retry = std::chrono::seconds{10};

std::optional<int64_t> header_number(const net::http_response& res, std::string_view name) {
  auto text = res.header(name);
  int64_t value = 0;
  auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || err != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

/// The exchange counts request weight in its own wall-clock windows, so the
/// pacing does too (a backtest sends no REST requests).
timestamp wall_now() {
  return wall_clock{}.now();
}

} // namespace

rest_scheduler::rest_scheduler(net::io_thread& io, std::shared_ptr<net::http_client> client,
                               std::string limits_target)
  : io_(io), client_(std::move(client)), limits_target_(std::move(limits_target)) {
}

rest_scheduler::~rest_scheduler() {
  client_->close();
}

void rest_scheduler::get(std::string target, int64_t weight, timespan timeout,
                         std::function<void(net::http_result)> done) {
  {
    std::lock_guard<std::mutex> guard{mutex_};
    queue_.push_back({std::move(target), weight, timeout, std::move(done)});
  }
  io_.post([weak = weak_from_this()] {
    if (auto self = weak.lock())
      self->pump();
  });
}

void rest_scheduler::pump() {
  std::unique_lock<std::mutex> guard{mutex_};
  if (busy_ || queue_.empty())
    return;
  auto now = wall_now();
  if (!limits_target_.empty() && now >= limits_due_) {
    // The limits come first: until then the budget assumes a low one. An
    // exchange that does not answer them is asked again a while later; the
    // queue runs meanwhile, so its callers see the failures and retry with
    // their own backoff instead of waiting behind an endless limits retry.
    queue_.push_front({limits_target_, exchange_info_weight, queue_.front().timeout,
                       [weak = weak_from_this(), target = limits_target_](net::http_result res) {
                         weight_limit limit;
                         auto self = weak.lock();
                         if (!self)
                           return;
                         auto answered = res.ok() && res.response.status == 200;
                         std::lock_guard<std::mutex> guard{self->mutex_};
                         if (!answered) {
                           self->limits_target_ = target;
                           self->limits_due_ = wall_now() + limits_retry;
                         } else if (parse_weight_limit(res.response.body, limit)) {
                           self->budget_.set_limit(limit);
                         }
                       }});
    limits_target_.clear();
  }
  auto ready = budget_.ready_at(now, queue_.front().weight);
  busy_ = true;
  auto weak = weak_from_this();
  if (ready > now) {
    guard.unlock();
    io_.after(ready - now, [weak] {
      if (auto self = weak.lock()) {
        {
          std::lock_guard<std::mutex> guard{self->mutex_};
          self->busy_ = false;
        }
        self->pump();
      }
    });
    return;
  }
  auto it = std::move(queue_.front());
  queue_.pop_front();
  budget_.on_sent(now, it.weight);
  guard.unlock();
  net::http_request req;
  req.target = it.target;
  auto timeout = it.timeout;
  client_->request(std::move(req), timeout,
                   [weak, it = std::move(it)](net::http_result res) mutable {
                     if (auto self = weak.lock())
                       self->answered(std::move(it), std::move(res));
                   });
}

void rest_scheduler::answered(item it, net::http_result res) {
  auto status = res.ok() ? static_cast<int>(res.response.status) : 0;
  auto limited = status == 429 || status == 418;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    busy_ = false;
    if (res.ok())
      budget_.on_answer(wall_now(),
                        header_number(res.response, used_weight_header(budget_.limit().window)),
                        status, retry_after(res.response.header("Retry-After")),
                        status == 418 ? banned_until(res.response.body) : std::nullopt);
    if (limited)
      queue_.push_front(std::move(it));
  }
  if (!limited)
    it.done(std::move(res));
  pump();
}

std::shared_ptr<rest_scheduler> shared_rest_scheduler(net::io_thread& io, const node_config& cfg,
                                                      std::string& error) {
  static std::mutex mutex;
  static std::map<std::pair<net::io_thread*, std::string>, std::weak_ptr<rest_scheduler>> live;
  std::lock_guard<std::mutex> guard{mutex};
  auto& slot = live[{&io, cfg.exchange.rest_url}];
  if (auto existing = slot.lock())
    return existing;
  auto client = make_rest_client(io, cfg.exchange, error);
  if (!client)
    return nullptr;
  auto target = klines_prefix(cfg.exchange) + "/exchangeInfo";
  if (cfg.exchange.market == market_kind::spot && !cfg.market.symbols.empty())
    target += "?symbol=" + cfg.market.symbols.front(); // the limits without every symbol's rules
  auto made = std::make_shared<rest_scheduler>(io, std::move(client), std::move(target));
  slot = made;
  return made;
}

} // namespace tn

#pragma once

// The binance broker: the broker interface over Binance's signed REST API,
// spot or USDⓈ-M futures.
//
// Write-ahead as on paper: an order is sent only once its peer "journal"
// committed its intent, and is sent at most once: an answer that never
// came, or a 5xx, is resolved by reading the order by its client id, never
// by sending it again. Every state and fill goes to the journal (synced)
// and then to the peers "position_tracker" and "risk". Orders resting at
// the exchange are polled with backoff in event time (atom::time) until
// final; their fills are read by exchange order id and counted once per
// trade id. At start every journaled order without a final state is read
// back by client id: the exchange knows it (adopted) or not (dropped), and
// the balances are read. Until then, and until the exchange's trading
// rules are loaded, orders are refused. Once those orders are resolved the
// exchange's holdings of the traded symbols (spot balances, futures
// positionRisk) go to the peer "position_tracker" (atom::reconcile), which
// corrects its positions to them; entries are refused until it answered.
// A 429 or 418 stops every signed request until its Retry-After; orders
// are refused meanwhile. New orders
// (not cancels or queries) are held while the exchange's order count
// (X-MBX-ORDER-COUNT-*) is at an ORDERS limit of exchangeInfo, and after a
// -1015 "Too many new orders" until its window resets: one event per hold,
// and the held orders go out in turn when the clock passes it.
//
// The only wall time read in the order path is the injected signing
// clock, corrected by the offset to the exchange's clock, measured with
// GET /time at start (before the first signed request), every
// binance.time_sync of event time, and at once on a -1021 answer (the
// request is then signed again, once).

#include "actors/broker/binance_config.hpp"
#include "messages/actors.hpp"
#include "runtime/net/http.hpp"

#include <caf/fwd.hpp>
#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tn {

/// An HTTP answer handed from the I/O thread to the broker.
struct binance_answer {
  uint64_t call = 0;
  std::string error;            // transport error; "" when an answer came
  bool outcome_unknown = false; // the request left in full, no answer came
  unsigned status = 0;
  net::header_list headers;
  std::string body;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, binance_answer& x) {
  return f(caf::meta::type_name("binance_answer"), x.call, x.error, x.outcome_unknown, x.status,
           x.headers, x.body);
}

/// Everything the broker needs from outside.
struct binance_setup {
  binance_config cfg;
  binance_keys keys;
  std::shared_ptr<net::http_client> http; // the exchange's REST origin
  std::string prefix;                     // the REST URL's path ("" or e.g. "/api-proxy")
  timespan timeout = std::chrono::seconds{10};
  std::vector<std::string> symbols;       // the traded symbols (their trading rules)
  std::function<int64_t()> wall_ms;       // the signing clock: wall time in ms
};

/// A binance broker under `setup` (cfg validated, keys present).
broker_actor spawn_binance_broker(caf::actor_system& sys, binance_setup setup);

struct service_context;

/// The binance broker for the node: section `binance`, keys from the
/// environment, the exchange section's REST URL.
caf::expected<caf::actor> spawn_binance_broker(service_context& ctx);

} // namespace tn

// The order path on paper, end to end under the real supervisor: the
// exchange simulator streams over TLS, the evaluator decides, risk sizes
// the entry against the exchange's rules (fetched from the simulator), the
// paper broker journals the intent before it fills it on the next tick, the
// tracker opens the position and its stop-loss closes it. Everything lands
// in the journal, once.

#include "actors/evaluator/evaluator_config.hpp"
#include "actors/gate/gate_config.hpp"
#include "actors/trader/trader_config.hpp"
#include "messages/decision.hpp"
#include "messages/order.hpp"
#include "runtime/net/io_thread.hpp"
#include "test/integration/ask.hpp"
#include "test/integration/market/sim_fixture.hpp"
#include "test/integration/supervised.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <thread>

using namespace tn;
using namespace std::chrono_literals;
using test::ask;

namespace {

bool is_exit(const journaled_order& o) {
  return o.request.side == order_side::sell;
}

} // namespace

TEST_CASE_METHOD(test::sim_fixture, "paper order path: decision, risk, write-ahead fill, "
                                    "position, stop-loss exit") {
  // Three days of a seeded synthetic market as history, so the evaluator
  // has every 1h bar its signals need; then 600 times wall time.
  launch_sim("order_path_sim.log", {"--synthetic", "BTCUSDT:60000", "--seed", "7", "--speed",
                                    "600", "--history", "4320", "--rebase-now"});
  net::io_thread io;
  auto cfg = config();
  cfg.market.warmup_bars = 4320;
  cfg.market.history_bars = 5000;
  auto dir = std::filesystem::temp_directory_path()
             / ("tn-order-path-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  cfg.node.data_dir = dir.string();
  cfg.node.progress_interval = timespan::zero();
  auto& gate = cfg.section<gate_config>();
  gate.min_check = 1min;
  gate.max_check = 1min;
  gate.min_spacing = 1min;
  gate.max_decisions_per_day = 2000;
  // Any score decides, so the evaluator buys soon; a tight stop closes the
  // position within minutes of market time.
  auto& evaluator = cfg.section<evaluator_config>();
  evaluator.entry_threshold = 0.01;
  evaluator.next_check_seconds = 60;
  cfg.section<trader_config>().safety.stop_loss = 0.0005;
  cfg.section<trader_config>().safety.trailing_stop = 0.0005;
  cfg.section<trader_config>().safety.trailing_activation = 0.0005;
  caf::scoped_actor self{sys};
  test::supervised node{sys, cfg, io};
  auto journal = node.service<journal_actor>("journal");
  auto orders = [&] {
    std::vector<journaled_order> rows;
    ask(self, journal, rows, atom::orders_v, uint32_t{100});
    return rows;
  };
  auto filled_exit = [](const std::vector<journaled_order>& rows) {
    return std::any_of(rows.begin(), rows.end(), [](const journaled_order& o) {
      return is_exit(o) && o.last.state == order_state::filled;
    });
  };
  std::vector<journaled_order> rows;
  for (int i = 0; i < 1200 && !filled_exit(rows = orders()); ++i)
    std::this_thread::sleep_for(100ms);
  REQUIRE(filled_exit(rows));

  // The first filled order is an entry of a journaled decision, sized by
  // risk, filled on paper (as a maker, or by its market fallback `<id>m`);
  // the first exit closes exactly what the entries bought.
  std::vector<decision_record> decisions;
  REQUIRE(ask(self, journal, decisions, atom::decisions_v, uint32_t{1000}));
  auto filled = std::find_if(rows.begin(), rows.end(), [](const journaled_order& o) {
    return o.last.state == order_state::filled;
  });
  REQUIRE(filled != rows.end());
  auto& entry = *filled;
  INFO("entry " << entry.request.client_id << " " << to_string(entry.last.state) << " "
                << entry.last.reason);
  CHECK(entry.request.side == order_side::buy);
  CHECK(entry.request.reason == order_reason::entry);
  CHECK(entry.request.decision_id > 0);
  CHECK(entry.request.decision_id <= decisions.size());
  // "tn<the journal's epoch>-<decision id>-<leg>".
  auto& id = entry.request.client_id;
  auto middle = "-" + std::to_string(entry.request.decision_id) + "-";
  CHECK(id.rfind("tn", 0) == 0);
  REQUIRE(id.size() > 10);
  CHECK(id.substr(10, middle.size()) == middle);
  CHECK(entry.last.state == order_state::filled);
  CHECK(entry.last.filled_quantity == entry.request.quantity);
  CHECK(entry.last.average_price.is_positive());
  decimal bought;
  decimal sold;
  std::set<std::string> ids;
  auto first_exit = std::find_if(rows.begin(), rows.end(), is_exit);
  for (auto it = rows.begin(); it != rows.end(); ++it) {
    CHECK(ids.insert(it->request.client_id).second); // no order twice
    if (it < first_exit && it->last.state == order_state::filled)
      bought += it->last.filled_quantity;
  }
  REQUIRE(first_exit != rows.end());
  CHECK((first_exit->request.reason == order_reason::stop_loss
         || first_exit->request.reason == order_reason::trailing_stop));
  if (first_exit->last.state == order_state::filled)
    sold = first_exit->last.filled_quantity;
  CHECK(sold == bought);

  // The account paid fees and its equity moved from the starting 10000 USDT.
  account_state account;
  REQUIRE(ask(self, node.service<broker_actor>("broker"), account, atom::balance_v));
  CHECK(account.quote_asset == "USDT");
  CHECK(account.fees_today.is_positive());
  CHECK(account.equity != decimal::from_int(10'000));

  node.stop();
  std::filesystem::remove_all(dir);
}

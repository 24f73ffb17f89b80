// What tradectl prints.

#include "tools/tradectl/render.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

TEST_CASE("render_status prints one aligned block per service") {
  tn::status_report sup{"supervisor", {{"clock.restarts", 0}}, {{"clock.state", "up"}}};
  tn::status_report log{"event_log", {{"events", 12}, {"topics", 2}}, {}};
  CHECK(tn::render_status({sup, log})
        == "supervisor\n"
           "  clock.restarts  0\n"
           "  clock.state     up\n"
           "event_log\n"
           "  events  12\n"
           "  topics  2\n");
}

TEST_CASE("render_actors prints a table with a dash for no error") {
  std::vector<tn::service_row> rows{{"event_log", "up", 0, ""},
                                    {"heartbeat", "restarting", 12, "killed"}};
  CHECK(tn::render_actors(rows)
        == "NAME       STATE       RESTARTS  LAST ERROR\n"
           "event_log  up                 0  -\n"
           "heartbeat  restarting        12  killed\n");
}

TEST_CASE("render_events prints one line per event") {
  using namespace std::chrono;
  tn::event e{tn::timestamp{} + hours{24 * 20000} + milliseconds{1500}, "supervisor",
              tn::severity::warning, "clock failed"};
  CHECK(tn::render_events({e}) == "2024-10-04T00:00:01.500Z supervisor warning clock failed\n");
  CHECK(tn::render_events({}) == "(no events)\n");
}

namespace {

const tn::timestamp day = tn::timestamp{} + std::chrono::hours{24 * 20000}; // 2024-10-04

tn::decision_record model_decision() {
  using namespace tn;
  decision_record x;
  x.trigger = {"BTCUSDT", pass_reason::zscore, "zscore_price 3.2", day};
  x.backend = "anthropic";
  x.model_outcome = "ok";
  x.chosen.ts = day + std::chrono::milliseconds{1500};
  x.chosen.source = decision_source::model;
  x.chosen.decisions = {{"BTCUSDT", trade_action::buy, 1.0 / 3, {}},
                        {"ETHUSDT", trade_action::hold, 0, {}},
                        {"SOLUSDT", trade_action::sell, 0.125, {}}};
  x.chosen.cost_usd = 0.012345;
  x.chosen.validation.rejected = {{"decisions[3]", "unknown symbol"}};
  return x;
}

tn::decision_record evaluator_decision() {
  using namespace tn;
  decision_record x;
  x.trigger = {"", pass_reason::watchdog, "no data", day + std::chrono::minutes{1}};
  x.model_outcome = "breaker open";
  x.chosen.ts = day + std::chrono::minutes{1};
  x.chosen.source = decision_source::evaluator;
  return x;
}

} // namespace

TEST_CASE("render_decisions prints one aligned line per decision") {
  auto rejected = model_decision();
  rejected.chosen.validation.whole_rejected = true;
  rejected.chosen.decisions.clear();
  rejected.model_outcome = "failed: no tool_use";
  CHECK(tn::render_decisions({model_decision(), evaluator_decision(), rejected})
        == "TIME                      SOURCE     TRIGGER         OUTCOME                               COST     ACTIONS\n"
           "2024-10-04T00:00:01.500Z  model      zscore BTCUSDT  ok, 1 rejected                        $0.0123  BTCUSDT BUY 33.3%, ETHUSDT HOLD, SOLUSDT SELL 12.5%\n"
           "2024-10-04T00:01:00.000Z  evaluator  watchdog        breaker open                          $0.0000  all HOLD\n"
           "2024-10-04T00:00:01.500Z  model      zscore BTCUSDT  failed: no tool_use, answer rejected  $0.0123  all HOLD\n");
  CHECK(tn::render_decisions({}) == "(no decisions)\n");
}

TEST_CASE("render_decisions shows the reasoning, shortened to one line") {
  auto x = model_decision();
  x.chosen.reasoning = "Trend up on 4h,\n  funding   neutral. " + std::string(120, 'x') + " tail";
  auto text = tn::render_decisions({x});
  CHECK_THAT(text, Catch::Contains("\n  why: Trend up on 4h, funding neutral. xxx"));
  CHECK_THAT(text, Catch::EndsWith("x...\n"));
  CHECK(text.find("tail") == std::string::npos);
  x.chosen.reasoning = std::string(99, 'a') + "\xc3\xa9\xc3\xa9"; // 'é' across the cut
  CHECK_THAT(tn::render_decisions({x}), Catch::EndsWith("why: " + std::string(99, 'a') + "...\n"));
}

TEST_CASE("render_breaker shows the next probe only when not closed") {
  tn::breaker_status open{tn::breaker_state::open, 3, day + std::chrono::minutes{15}, 2,
                          "HTTP 529 overloaded"};
  CHECK(tn::render_breaker(open)
        == "state                 open\n"
           "consecutive_failures  3\n"
           "times_opened          2\n"
           "next_probe            2024-10-04T00:15:00.000Z\n"
           "last_error            HTTP 529 overloaded\n");
  CHECK(tn::render_breaker(tn::breaker_status{})
        == "state                 closed\n"
           "consecutive_failures  0\n"
           "times_opened          0\n"
           "next_probe            -\n"
           "last_error            -\n");
}

namespace {

tn::decimal d(const char* text) {
  return *tn::decimal::parse(text);
}

} // namespace

TEST_CASE("render_positions prints exact amounts in an aligned table") {
  CHECK(tn::render_positions({}) == "(no open positions)\n");
  tn::position p{"tn7-1",  "BTCUSDT", d("0.00853"), d("117224.79"), d("0.1"),
                 d("118000"), true,   7,            day};
  CHECK(tn::render_positions({p})
        == "SYMBOL   QUANTITY  ENTRY      BEST    TRAILING  FEES  OPENED                    ID\n"
           "BTCUSDT  0.00853   117224.79  118000  armed     0.1   2024-10-04T00:00:00.000Z  tn7-1\n");
}

TEST_CASE("render_balance shows equity, today's PnL and the balances") {
  tn::account_state a;
  a.quote_asset = "USDT";
  a.equity = d("10012.345");
  a.quote_balance = d("9000");
  a.realized_pnl_today = d("-12.5");
  a.fees_today = d("1.23456");
  a.balances = {{"USDT", d("9000"), d("0")}, {"BTC", d("0.00853"), d("0")}};
  CHECK(tn::render_balance(a)
        == "equity         10012.35 USDT\n"
           "quote balance  9000.00 USDT\n"
           "PnL today      -12.50 USDT\n"
           "fees today     1.2346 USDT\n"
           "open orders    0\n"
           "\n"
           "ASSET  FREE     LOCKED\n"
           "USDT   9000     0\n"
           "BTC    0.00853  0\n");
}

TEST_CASE("render_orders shows each intent with its latest state") {
  CHECK(tn::render_orders({}) == "(no orders)\n");
  tn::journaled_order filled;
  filled.request = {"tn7-1",   7,         "BTCUSDT", tn::order_side::buy, tn::order_type::market,
                    d("0.01"), {},        {},        false,               tn::order_reason::entry,
                    day};
  filled.last.state = tn::order_state::filled;
  filled.last.filled_quantity = d("0.01");
  filled.last.average_price = d("60000.5");
  tn::journaled_order refused;
  refused.request = {"tn8-1",  8,         "ETHUSDT", tn::order_side::buy,
                     tn::order_type::limit_maker, d("0.5"), d("2500"), {},
                     false,    tn::order_reason::entry, day};
  refused.last.state = tn::order_state::rejected;
  refused.last.reason = "would take";
  CHECK(tn::render_orders({filled, refused})
        == "TIME                      SYMBOL   SIDE  TYPE         QUANTITY  PRICE  STATE     "
           "FILLED  AVG      REASON  CLIENT ID  NOTE\n"
           "2024-10-04T00:00:00.000Z  BTCUSDT  BUY   MARKET       0.01      -      filled    "
           "0.01    60000.5  entry   tn7-1      -\n"
           "2024-10-04T00:00:00.000Z  ETHUSDT  BUY   LIMIT_MAKER  0.5       2500   rejected  "
           "0       -        entry   tn8-1      would take\n");
}

TEST_CASE("render_learner shows each scope's posteriors and sampled weights") {
  tn::learner_report r;
  r.regime = "unknown_unknown";
  r.min_trades = 20;
  r.trades = 3;
  r.scopes = {{"global", 3, false, {{"global", "trend", 2.8, 1.9, 3}}, {{"momentum", 0.5}, {"trend", 0.61234}}},
              {"unknown_unknown", 3, false, {}, {{"momentum", 0.25}, {"trend", 0.75}}}};
  CHECK(tn::render_learner(r)
        == "regime       unknown_unknown\n"
           "trades       3\n"
           "enough data  20 trades per scope\n"
           "\n"
           "global: 3 trades (not enough: its weights are not used)\n"
           "  SIGNAL    ALPHA  BETA   UPDATES  MEAN   SAMPLED\n"
           "  momentum  prior  prior  0        -      0.500\n"
           "  trend     2.800  1.900  3        0.596  0.612\n"
           "\n"
           "unknown_unknown: 3 trades (not enough: its weights are not used)\n"
           "  SIGNAL    ALPHA  BETA   UPDATES  MEAN  SAMPLED\n"
           "  momentum  prior  prior  0        -     0.250\n"
           "  trend     prior  prior  0        -     0.750\n");
}

TEST_CASE("render_regime shows the regime, its probability and the model, or dashes before "
          "a fit") {
  tn::regime_status st;
  st.symbol = "BTCUSDT";
  st.regime = "low_vol";
  st.p_low_vol = 0.8394;
  st.p_high_vol = 0.1606;
  st.last_close = day - std::chrono::hours{24};
  st.days = 366;
  st.returns = 365;
  st.fitted_through = st.last_close;
  st.fits = 2;
  st.model = {{0.5, 0.5}, {0.7127, 0.2873, 0.3564, 0.6436}, {0.00088, 0.00399},
              {0.000165922, 0.001361736}, 837.638, 61, true, 365};
  CHECK(tn::render_regime(st)
        == "symbol          BTCUSDT\n"
           "regime          low_vol\n"
           "p_low_vol       0.8394\n"
           "p_high_vol      0.1606\n"
           "last_close      2024-10-03\n"
           "history         366 daily closes, 365 returns\n"
           "fitted_through  2024-10-03 (365 returns, 61 iterations)\n"
           "loglik          837.64\n"
           "daily_sd        1.29% low_vol, 3.69% high_vol\n"
           "daily_mean      0.09% low_vol, 0.40% high_vol\n"
           "stay            0.713 low_vol, 0.644 high_vol\n"
           "switch          0.287 low->high, 0.356 high->low\n"
           "fits            2\n"
           "note            -\n");
  tn::regime_status warming;
  warming.symbol = "BTCUSDT";
  warming.days = 30;
  warming.returns = 29;
  warming.note = "warming up: 29 of 60 daily returns";
  CHECK(tn::render_regime(warming)
        == "symbol          BTCUSDT\n"
           "regime          unknown\n"
           "p_low_vol       -\n"
           "p_high_vol      -\n"
           "last_close      -\n"
           "history         30 daily closes, 29 returns\n"
           "fitted_through  -\n"
           "fits            0\n"
           "note            warming up: 29 of 60 daily returns\n");
}

TEST_CASE("render_derivatives: one row per symbol, a dash where a value is not known") {
  tn::derivatives_snapshot btc;
  btc.symbol = "BTCUSDT";
  btc.funding_rate = 0.0001;
  btc.next_funding = tn::from_unix_ms(1'706'860'800'000);
  btc.open_interest = 80579.225;
  btc.open_interest_change_pct = -1.234;
  btc.long_short_ratio = 1.8421;
  btc.cvd = -12.5;
  btc.cvd_window = 3;
  btc.cvd_bars = 60;
  tn::derivatives_snapshot eth; // nothing known yet
  eth.symbol = "ETHUSDT";
  eth.hot = true;
  auto text = tn::render_derivatives({btc, eth});
  auto words = [](const std::string& line) {
    std::vector<std::string> out;
    std::istringstream in{line};
    for (std::string w; in >> w;)
      out.push_back(w);
    return out;
  };
  std::vector<std::string> lines;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].rfind("SYMBOL   FUNDING  NEXT FUNDING", 0) == 0);
  CHECK(words(lines[1])
        == std::vector<std::string>{"BTCUSDT", "0.0100%", "2024-02-02T08:00:00Z", "-", "80579.2",
                                    "-1.23%", "1.8421", "-12.5", "+3", "quiet"});
  CHECK(words(lines[2])
        == std::vector<std::string>{"ETHUSDT", "-", "-", "-", "-", "-", "-", "-", "-", "hot"});
  CHECK(tn::render_derivatives({}) == "(no symbols watched)\n");
}

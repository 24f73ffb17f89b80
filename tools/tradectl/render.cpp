#include "tools/tradectl/render.hpp"

#include "runtime/event_log.hpp"
#include "runtime/time_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

namespace tn {

namespace {

using key_values = std::vector<std::pair<std::string, std::string>>;

std::string pad(std::string text, size_t width) {
  if (text.size() < width)
    text.append(width - text.size(), ' ');
  return text;
}

std::string pad_left(const std::string& text, size_t width) {
  return text.size() < width ? std::string(width - text.size(), ' ') + text : text;
}

/// One line per pair, `indent` first, the values aligned.
std::string render_pairs(const key_values& pairs, const std::string& indent) {
  size_t width = 0;
  for (auto& kv : pairs)
    width = std::max(width, kv.first.size());
  std::string out;
  for (auto& [key, value] : pairs)
    out += indent + pad(key, width) + "  " + value + "\n";
  return out;
}

std::string format(const char* spec, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, spec, x);
  return buf;
}

std::string trigger_of(const gate_pass& x) {
  std::string out = to_string(x.reason);
  return x.symbol.empty() ? out : out + " " + x.symbol;
}

/// The model's outcome, with what the validation refused.
std::string outcome_of(const decision_record& x) {
  auto out = x.model_outcome.empty() ? std::string{"-"} : x.model_outcome;
  auto& v = x.chosen.validation;
  if (v.whole_rejected)
    return out + ", answer rejected";
  if (!v.rejected.empty())
    return out + ", " + std::to_string(v.rejected.size()) + " rejected";
  return out;
}

/// "BTCUSDT BUY 50%, ETHUSDT HOLD"; symbols without an entry hold.
std::string actions_of(const decision& d) {
  if (d.decisions.empty())
    return "all HOLD";
  std::string out;
  for (auto& x : d.decisions) {
    if (!out.empty())
      out += ", ";
    out += x.symbol + " " + to_string(x.action);
    if (x.position_pct != 0)
      out += " " + format("%.3g", x.position_pct * 100) + "%";
  }
  return out;
}

/// The model's reasoning on one line, cut at `limit` characters (UTF-8 safe).
std::string shortened(const std::string& text, size_t limit) {
  std::string out;
  bool space = false;
  for (char c : text) {
    bool blank = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (blank) {
      space = !out.empty();
      continue;
    }
    if (space)
      out += ' ';
    space = false;
    out += c;
  }
  if (out.size() <= limit)
    return out;
  auto cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
    --cut; // never split a multi-byte character
  return out.substr(0, cut) + "...";
}

using table = std::vector<std::vector<std::string>>;

std::vector<size_t> column_widths(const table& rows) {
  std::vector<size_t> widths(rows.empty() ? 0 : rows[0].size(), 0);
  for (auto& row : rows)
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  return widths;
}

/// A row's cells padded to their column's width, two spaces apart.
std::string table_cells(const std::vector<std::string>& row, const std::vector<size_t>& widths) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i)
    out += pad(row[i], widths[i]) + "  ";
  return out;
}

/// Every row on its own line, columns aligned, no trailing blanks.
std::string render_table(const table& rows) {
  auto widths = column_widths(rows);
  std::string out;
  for (auto& row : rows) {
    auto line = table_cells(row, widths);
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  }
  return out;
}

} // namespace

std::string render_status(const std::vector<status_report>& reports) {
  std::string out;
  for (auto& r : reports) {
    out += r.service + "\n";
    key_values pairs;
    for (auto& [key, value] : r.counters)
      pairs.emplace_back(key, std::to_string(value));
    for (auto& [key, value] : r.facts)
      pairs.emplace_back(key, value);
    out += render_pairs(pairs, "  ");
  }
  return out;
}

std::string render_actors(const std::vector<service_row>& rows) {
  size_t name_width = 4;
  size_t state_width = 5;
  for (auto& r : rows) {
    name_width = std::max(name_width, r.name.size());
    state_width = std::max(state_width, r.state.size());
  }
  std::string out = pad("NAME", name_width) + "  " + pad("STATE", state_width)
                    + "  RESTARTS  LAST ERROR\n";
  for (auto& r : rows)
    out += pad(r.name, name_width) + "  " + pad(r.state, state_width) + "  "
           + pad_left(std::to_string(r.restarts), 8) + "  "
           + (r.last_error.empty() ? "-" : r.last_error) + "\n";
  return out;
}

std::string render_events(const std::vector<event>& events) {
  if (events.empty())
    return "(no events)\n";
  std::string out;
  for (auto& e : events)
    out += format_event_line(e) + "\n";
  return out;
}

std::string render_decisions(const std::vector<decision_record>& records) {
  if (records.empty())
    return "(no decisions)\n";
  table rows{{"TIME", "SOURCE", "TRIGGER", "OUTCOME", "COST"}};
  for (auto& x : records)
    rows.push_back({format_timestamp(x.chosen.ts), to_string(x.chosen.source),
                    trigger_of(x.trigger), outcome_of(x),
                    "$" + format("%.4f", x.chosen.cost_usd)});
  auto widths = column_widths(rows);
  std::string out;
  for (size_t r = 0; r < rows.size(); ++r) {
    out += table_cells(rows[r], widths);
    out += r == 0 ? "ACTIONS" : actions_of(records[r - 1].chosen);
    out += "\n";
    if (r > 0 && !records[r - 1].chosen.reasoning.empty())
      out += "  why: " + shortened(records[r - 1].chosen.reasoning, 100) + "\n";
  }
  return out;
}

std::string render_breaker(const breaker_status& x) {
  auto closed = x.state == breaker_state::closed;
  return render_pairs({{"state", to_string(x.state)},
                       {"consecutive_failures", std::to_string(x.consecutive_failures)},
                       {"times_opened", std::to_string(x.times_opened)},
                       {"next_probe", closed ? "-" : format_timestamp(x.next_probe)},
                       {"last_error", x.last_error.empty() ? "-" : x.last_error}},
                      "");
}


std::string render_positions(const std::vector<position>& positions) {
  if (positions.empty())
    return "(no open positions)\n";
  table rows{{"SYMBOL", "QUANTITY", "ENTRY", "BEST", "TRAILING", "FEES", "OPENED", "ID"}};
  for (auto& p : positions)
    rows.push_back({p.symbol, to_string(p.quantity), to_string(p.entry_price),
                    to_string(p.best_price), p.trailing_armed ? "armed" : "-",
                    to_string(p.fees), format_timestamp(p.opened), p.position_id});
  return render_table(rows);
}

std::string render_orders(const std::vector<journaled_order>& orders) {
  if (orders.empty())
    return "(no orders)\n";
  table rows{{"TIME", "SYMBOL", "SIDE", "TYPE", "QUANTITY", "PRICE", "STATE", "FILLED", "AVG",
              "REASON", "CLIENT ID", "NOTE"}};
  for (auto& o : orders) {
    auto& r = o.request;
    auto priced = r.type != order_type::market;
    rows.push_back({format_timestamp(r.ts), r.symbol, to_string(r.side), to_string(r.type),
                    to_string(r.quantity), priced ? to_string(r.price) : "-",
                    to_string(o.last.state), to_string(o.last.filled_quantity),
                    o.last.filled_quantity.is_zero() ? "-" : to_string(o.last.average_price),
                    to_string(r.reason), r.client_id,
                    o.last.reason.empty() ? "-" : o.last.reason});
  }
  return render_table(rows);
}

std::string render_balance(const account_state& x) {
  auto q = x.quote_asset.empty() ? std::string{} : " " + x.quote_asset;
  auto out = render_pairs({{"equity", to_string(x.equity, 2) + q},
                           {"quote balance", to_string(x.quote_balance, 2) + q},
                           {"PnL today", to_string(x.realized_pnl_today, 2) + q},
                           {"fees today", to_string(x.fees_today, 4) + q},
                           {"open orders", std::to_string(x.open_orders.size())}},
                          "");
  if (x.balances.empty())
    return out;
  table rows{{"ASSET", "FREE", "LOCKED"}};
  for (auto& b : x.balances)
    rows.push_back({b.asset, to_string(b.free), to_string(b.locked)});
  return out + "\n" + render_table(rows);
}

std::string render_learner(const learner_report& x) {
  auto out = render_pairs({{"regime", x.regime},
                           {"trades", std::to_string(x.trades)},
                           {"enough data", std::to_string(x.min_trades) + " trades per scope"}},
                          "");
  for (auto& s : x.scopes) {
    out += "\n" + s.scope + ": " + std::to_string(s.trades) + " trade"
           + (s.trades == 1 ? "" : "s")
           + (s.enough_data ? "" : " (not enough: its weights are not used)") + "\n";
    table rows{{"SIGNAL", "ALPHA", "BETA", "UPDATES", "MEAN", "SAMPLED"}};
    for (auto& w : s.sampled) {
      auto p = std::find_if(s.posteriors.begin(), s.posteriors.end(),
                            [&](const beta_posterior& q) { return q.signal == w.signal; });
      if (p == s.posteriors.end())
        rows.push_back({w.signal, "prior", "prior", "0", "-", format("%.3f", w.weight)});
      else
        rows.push_back({w.signal, format("%.3f", p->alpha), format("%.3f", p->beta),
                        std::to_string(p->updates), format("%.3f", p->alpha / (p->alpha + p->beta)),
                        format("%.3f", w.weight)});
    }
    auto lines = render_table(rows);
    for (size_t at = 0; at < lines.size();) {
      auto end = lines.find('\n', at);
      out += "  " + lines.substr(at, end - at + 1);
      at = end + 1;
    }
  }
  return out;
}

std::string render_regime(const regime_status& x) {
  auto day = [](timestamp t) {
    return t == timestamp{} ? std::string{"-"} : format_timestamp_seconds(t).substr(0, 10);
  };
  auto& m = x.model;
  auto fitted = m.observations > 0 && m.variances.size() == 2 && m.means.size() == 2
                && m.transition.size() == 4;
  auto pct = [](double v) { return format("%.2f", 100 * v) + "%"; };
  auto probability = [&](double p) { return fitted ? format("%.4f", p) : std::string{"-"}; };
  key_values pairs{{"symbol", x.symbol},
                   {"regime", x.regime},
                   {"p_low_vol", probability(x.p_low_vol)},
                   {"p_high_vol", probability(x.p_high_vol)},
                   {"last_close", day(x.last_close)},
                   {"history", std::to_string(x.days) + " daily closes, "
                                 + std::to_string(x.returns) + " returns"}};
  if (fitted) {
    pairs.push_back({"fitted_through", day(x.fitted_through) + " ("
                                         + std::to_string(m.observations) + " returns, "
                                         + std::to_string(m.iterations) + " iterations"
                                         + (m.converged ? "" : ", not converged") + ")"});
    pairs.push_back({"loglik", format("%.2f", m.loglik)});
    pairs.push_back({"daily_sd", pct(std::sqrt(m.variances[0])) + " low_vol, "
                                   + pct(std::sqrt(m.variances[1])) + " high_vol"});
    pairs.push_back({"daily_mean", pct(m.means[0]) + " low_vol, " + pct(m.means[1]) + " high_vol"});
    pairs.push_back({"stay", format("%.3f", m.transition[0]) + " low_vol, "
                               + format("%.3f", m.transition[3]) + " high_vol"});
    pairs.push_back({"switch", format("%.3f", m.transition[1]) + " low->high, "
                                 + format("%.3f", m.transition[2]) + " high->low"});
  } else {
    pairs.push_back({"fitted_through", "-"});
  }
  pairs.push_back({"fits", std::to_string(x.fits) + (x.fitting ? " (one running)" : "")});
  pairs.push_back({"note", x.note.empty() ? "-" : x.note});
  return render_pairs(pairs, "");
}

} // namespace tn

namespace tn {

std::string render_derivatives(const std::vector<derivatives_snapshot>& symbols) {
  if (symbols.empty())
    return "(no symbols watched)\n";
  auto known = [](const caf::optional<double>& x, const char* spec, double scale = 1) {
    return x ? format(spec, *x * scale) : std::string{"-"};
  };
  table rows{{"SYMBOL", "FUNDING", "NEXT FUNDING", "MARK", "OPEN INTEREST", "OI CHANGE",
              "LONG/SHORT", "CVD", "CVD WINDOW", "POLL"}};
  for (auto& s : symbols)
    rows.push_back({s.symbol, known(s.funding_rate, "%.4f%%", 100),
                    s.next_funding == timestamp{} ? "-" : format_timestamp_seconds(s.next_funding),
                    known(s.mark_price, "%.6g"), known(s.open_interest, "%.6g"),
                    known(s.open_interest_change_pct, "%+.2f%%"), known(s.long_short_ratio, "%.4f"),
                    s.cvd_bars > 0 ? format("%+.6g", s.cvd) : "-",
                    s.cvd_bars > 0 ? format("%+.6g", s.cvd_window) : "-", s.hot ? "hot" : "quiet"});
  return render_table(rows);
}

} // namespace tn

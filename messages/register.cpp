#include "messages/register.hpp"

#include "messages/breaker.hpp"
#include "messages/decision.hpp"
#include "messages/derivatives.hpp"
#include "messages/error.hpp"
#include "messages/events.hpp"
#include "messages/gate.hpp"
#include "messages/learner.hpp"
#include "messages/lot_rule.hpp"
#include "messages/market.hpp"
#include "messages/model.hpp"
#include "messages/order.hpp"
#include "messages/regime.hpp"
#include "messages/snapshot.hpp"
#include "messages/supervision.hpp"

#include <caf/actor_system_config.hpp>
#include <caf/atom.hpp>
#include <caf/deep_to_string.hpp>

namespace tn {

std::string to_string(ec code) {
  switch (code) {
    case ec::none: return "none";
    case ec::invalid_config: return "invalid_config";
    case ec::parse_error: return "parse_error";
    case ec::network_error: return "network_error";
    case ec::http_error: return "http_error";
    case ec::missing_service: return "missing_service";
    case ec::restart_limit: return "restart_limit";
    case ec::invalid_argument: return "invalid_argument";
    case ec::access_denied: return "access_denied";
    case ec::storage_error: return "storage_error";
  }
  return "unknown(" + std::to_string(static_cast<int>(code)) + ")";
}

void add_message_types(caf::actor_system_config& cfg) {
  cfg.add_message_type<candle>("tn::candle");
  cfg.add_message_type<std::vector<candle>>("std::vector<tn::candle>");
  cfg.add_message_type<tick>("tn::tick");
  cfg.add_message_type<tick_batch>("tn::tick_batch");
  cfg.add_message_type<feed_stats>("tn::feed_stats");
  cfg.add_message_type<event>("tn::event");
  cfg.add_message_type<std::vector<event>>("std::vector<tn::event>");
  cfg.add_message_type<status_report>("tn::status_report");
  cfg.add_message_type<std::vector<status_report>>("std::vector<tn::status_report>");
  cfg.add_message_type<service_row>("tn::service_row");
  cfg.add_message_type<std::vector<service_row>>("std::vector<tn::service_row>");
  cfg.add_message_type<interval>("tn::interval");
  cfg.add_message_type<wake_condition>("tn::wake_condition");
  cfg.add_message_type<std::vector<wake_condition>>("std::vector<tn::wake_condition>");
  cfg.add_message_type<gate_pass>("tn::gate_pass");
  cfg.add_message_type<decision>("tn::decision");
  cfg.add_message_type<std::vector<decision>>("std::vector<tn::decision>");
  cfg.add_message_type<decision_record>("tn::decision_record");
  cfg.add_message_type<std::vector<decision_record>>("std::vector<tn::decision_record>");
  cfg.add_message_type<market_snapshot>("tn::market_snapshot");
  cfg.add_message_type<agent_request>("tn::agent_request");
  cfg.add_message_type<agent_answer>("tn::agent_answer");
  cfg.add_message_type<model_response>("tn::model_response");
  cfg.add_message_type<breaker_status>("tn::breaker_status");
  cfg.add_message_type<breaker_permit>("tn::breaker_permit");
  cfg.add_message_type<breaker_outcome>("tn::breaker_outcome");
  cfg.add_message_type<gate_schedule>("tn::gate_schedule");
  cfg.add_message_type<std::vector<gate_schedule>>("std::vector<tn::gate_schedule>");
  cfg.add_message_type<std::vector<std::string>>("std::vector<std::string>");
  cfg.add_message_type<decimal>("tn::decimal");
  cfg.add_message_type<order_side>("tn::order_side");
  cfg.add_message_type<order_type>("tn::order_type");
  cfg.add_message_type<order_state>("tn::order_state");
  cfg.add_message_type<order_reason>("tn::order_reason");
  cfg.add_message_type<order_request>("tn::order_request");
  cfg.add_message_type<std::vector<order_request>>("std::vector<tn::order_request>");
  cfg.add_message_type<fill>("tn::fill");
  cfg.add_message_type<std::vector<fill>>("std::vector<tn::fill>");
  cfg.add_message_type<order_update>("tn::order_update");
  cfg.add_message_type<std::vector<order_update>>("std::vector<tn::order_update>");
  cfg.add_message_type<position>("tn::position");
  cfg.add_message_type<std::vector<position>>("std::vector<tn::position>");
  cfg.add_message_type<position_exit>("tn::position_exit");
  cfg.add_message_type<exit_request>("tn::exit_request");
  cfg.add_message_type<lot_rule>("tn::lot_rule");
  cfg.add_message_type<std::vector<lot_rule>>("std::vector<tn::lot_rule>");
  cfg.add_message_type<asset_balance>("tn::asset_balance");
  cfg.add_message_type<account_state>("tn::account_state");
  cfg.add_message_type<risk_outcome>("tn::risk_outcome");
  cfg.add_message_type<risk_verdict>("tn::risk_verdict");
  cfg.add_message_type<std::vector<asset_balance>>("std::vector<tn::asset_balance>");
  cfg.add_message_type<journaled_order>("tn::journaled_order");
  cfg.add_message_type<std::vector<journaled_order>>("std::vector<tn::journaled_order>");
  cfg.add_message_type<execution_journal>("tn::execution_journal");
  cfg.add_message_type<learner_entry>("tn::learner_entry");
  cfg.add_message_type<learner_update>("tn::learner_update");
  cfg.add_message_type<learner_journal>("tn::learner_journal");
  cfg.add_message_type<learner_weights>("tn::learner_weights");
  cfg.add_message_type<learner_report>("tn::learner_report");
  cfg.add_message_type<exchange_holding>("tn::exchange_holding");
  cfg.add_message_type<std::vector<exchange_holding>>("std::vector<tn::exchange_holding>");
  cfg.add_message_type<exchange_holdings>("tn::exchange_holdings");
  cfg.add_message_type<funding_payment>("tn::funding_payment");
  cfg.add_message_type<std::vector<funding_payment>>("std::vector<tn::funding_payment>");
  cfg.add_message_type<derivs_query>("tn::derivs_query");
  cfg.add_message_type<derivatives_snapshot>("tn::derivatives_snapshot");
  cfg.add_message_type<std::vector<derivatives_snapshot>>("std::vector<tn::derivatives_snapshot>");
  cfg.add_message_type<regime_model>("tn::regime_model");
  cfg.add_message_type<regime_status>("tn::regime_status");
  cfg.add_error_category(caf::atom("tradenode"),
                         [](uint8_t code, caf::atom_value, const caf::message& ctx) {
                           return "tradenode::" + to_string(static_cast<ec>(code))
                                  + caf::deep_to_string(ctx);
                         });
}

} // namespace tn

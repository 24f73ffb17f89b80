// The backtest's model cache on a real journal: answers written by the
// journal code, read back by prompt hash, answered by the cache backend.

#include "actors/agent/cache_backend.hpp"
#include "actors/agent/prompt_hash.hpp"
#include "runtime/journal/journal_db.hpp"
#include "runtime/journal/model_answers.hpp"
#include "test/unit/agent/agent_test_util.hpp"
#include "test/unit/agent/answer_journal.hpp"
#include "test/unit/kernel/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace tn;
using namespace tn::test;
using namespace std::chrono_literals;

namespace {

const timestamp t0 = from_unix_ms(1'735'732'800'000); // 2025-01-01 12:00 UTC

// An Anthropic answer to the forced tool call.
std::string anthropic_answer(const std::string& action) {
  return R"({"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",)"
         R"("content":[{"type":"tool_use","id":"toolu_1","name":"submit_decision","input":)"
         R"({"decisions":[{"symbol":"BTCUSDT","action":")"
         + action
         + R"(","position_pct":0.25,"signals":[{"name":"trend","direction":"bullish","confidence":0.7}]}],)"
           R"("next_check_seconds":3600,"wake_conditions":[],"memory_update":"m","reasoning":"r"}}],)"
           R"("stop_reason":"tool_use","usage":{"input_tokens":812,"output_tokens":143}})";
}

const std::string system_text = "You decide.";

cached_backend_identity identity() {
  return cached_identity(agent_backend::anthropic, "", test_limits());
}

std::string hash_of(const std::string& user) {
  auto id = identity();
  return prompt_hash(id.name, id.model, system_text, id.schema, user);
}

decision_record record(int n, const std::string& user, const std::string& outcome,
                       const std::string& raw) {
  decision chosen;
  chosen.source = outcome == "ok" || outcome.rfind("rejected:", 0) == 0
                    ? decision_source::model
                    : decision_source::evaluator;
  chosen.model = "claude-sonnet-4-5-20250929";
  chosen.prompt_hash = hash_of(user);
  return answer_row(t0 + n * 1h, "anthropic", outcome, raw, std::move(chosen));
}

/// A journal's rows: an ok answer to "a", a rejected one to "b", a failed
/// call on "c", a later ok answer to "a" again (SELL), and an evaluator
/// decision without a prompt.
std::vector<decision_record> sample_rows() {
  std::vector<decision_record> rows{
    record(0, "a", "ok", anthropic_answer("BUY")),
    record(1, "b", "rejected: $.next_check_seconds: missing field", anthropic_answer("HOLD")),
    record(2, "c", "failed: unavailable: connect refused", ""),
    record(3, "a", "ok", anthropic_answer("SELL")),
  };
  decision_record evaluator;
  evaluator.trigger.ts = t0 + 4h;
  evaluator.model_outcome = "no model backend";
  evaluator.chosen.source = decision_source::evaluator;
  rows.push_back(evaluator);
  return rows;
}

model_call question(const std::string& user) {
  return model_call{system_text, user, t0};
}

} // namespace

TEST_CASE("model cache: the journal's model answers by prompt hash, the first one kept") {
  temp_dir dir;
  auto path = write_journal(dir.file("journal.sqlite"), sample_rows());
  journaled_answers answers;
  auto added = read_model_answers(path, answers);
  REQUIRE(added);
  CHECK(*added == 2); // a and b; c failed, the evaluator's has no prompt
  REQUIRE(answers.count(hash_of("a")) == 1);
  CHECK(answers.at(hash_of("a")).raw_response == anthropic_answer("BUY"));
  CHECK(answers.at(hash_of("a")).backend == "anthropic");
  CHECK(answers.count(hash_of("b")) == 1);
  CHECK(answers.count(hash_of("c")) == 0);
  // A second journal adds what the first lacks and keeps what it has.
  auto again = read_model_answers(path, answers);
  REQUIRE(again);
  CHECK(*again == 0);
}

TEST_CASE("model cache: a journal that cannot be read is named") {
  temp_dir dir;
  journaled_answers answers;
  auto missing = read_model_answers(dir.file("none.sqlite"), answers);
  REQUIRE_FALSE(missing);
  CHECK_THAT(to_string(missing.error()), Catch::Contains("none.sqlite"));
  std::ofstream{dir.file("text.sqlite")} << "this is not a database, just some text to read";
  auto garbage = read_model_answers(dir.file("text.sqlite"), answers);
  REQUIRE_FALSE(garbage);
  CHECK_THAT(to_string(garbage.error()), Catch::Contains("text.sqlite"));
  CHECK(answers.empty());
}

TEST_CASE("model cache: reading leaves the journal as it was") {
  temp_dir dir;
  auto path = write_journal(dir.file("journal.sqlite"), sample_rows());
  journaled_answers answers;
  REQUIRE(read_model_answers(path, answers));
  // Closed cleanly before, still closed cleanly after: no write happened.
  auto db = journal_db::open(path);
  REQUIRE(db);
  CHECK(db->previous_close() == last_close::clean);
}

TEST_CASE("model cache: a hit is the journaled answer at no cost, a miss is not_cached") {
  temp_dir dir;
  cache_backend cache{identity(), journaled(dir.file("journal.sqlite"), sample_rows())};
  CHECK(cache.name() == "anthropic");
  CHECK(cache.model() == "claude-sonnet-4-5");
  CHECK(cache.reauthenticate().empty());

  model_response hit;
  cache.call(question("a"), [&](model_response r) { hit = std::move(r); });
  REQUIRE(hit.reply.status == reply_status::ok);
  CHECK_THAT(hit.reply.input_json, Catch::Contains("\"BUY\""));
  CHECK(hit.raw == anthropic_answer("BUY"));
  CHECK(hit.reply.usage.input_tokens == 0);
  CHECK(hit.reply.usage.output_tokens == 0);
  REQUIRE(hit.reply.reported_cost_usd);
  CHECK(*hit.reply.reported_cost_usd == 0);
  CHECK(hit.attempts == 0);

  auto miss = cache.answer(question("never asked"));
  CHECK(miss.reply.status == reply_status::not_cached);
  CHECK_THAT(miss.reply.error, Catch::Contains(hash_of("never asked").substr(0, 12)));
  // A different system prompt is a different question.
  auto other = cache.answer(model_call{"You decide differently.", "a", t0});
  CHECK(other.reply.status == reply_status::not_cached);
}

TEST_CASE("model cache: the identity hashes as the configured backend does") {
  auto limits = test_limits();
  auto anthropic = cached_identity(agent_backend::anthropic, "", limits);
  CHECK(anthropic.model == "claude-sonnet-4-5");
  CHECK(anthropic.schema == decision_schema(limits, schema_dialect::constrained));
  CHECK(anthropic.tool_name == "submit_decision");
  auto openai = cached_identity(agent_backend::openai, "qwen3", limits);
  CHECK(openai.name == "openai");
  CHECK(openai.model == "qwen3");
  CHECK(openai.schema == decision_schema(limits, schema_dialect::full));
  auto cli = cached_identity(agent_backend::claude_cli, "", limits);
  CHECK(cli.name == "claude-cli");
  CHECK(cli.model.empty());
  CHECK(cli.tool_name == "StructuredOutput");
}

TEST_CASE("model cache: an answer the parser no longer reads is a miss, not a failure") {
  auto answers = std::make_shared<journaled_answers>();
  (*answers)[hash_of("a")] = journaled_answer{"anthropic", "m", "{\"not\":\"an answer\"}"};
  cache_backend cache{identity(), answers};
  auto r = cache.answer(question("a"));
  CHECK(r.reply.status == reply_status::not_cached);
  CHECK_THAT(r.reply.error, Catch::Contains("does not read as a decision"));
}

#include "actors/market_replay/file_history.hpp"

#include "messages/market.hpp"
#include "runtime/clock.hpp"

#include <caf/send.hpp>
#include <caf/typed_actor.hpp>

namespace tn {

namespace {

class file_history : public history_source {
public:
  file_history(std::shared_ptr<const replay_data> data, std::shared_ptr<const clock> now)
    : data_(std::move(data)), now_(std::move(now)) {
  }

  void fetch(uint64_t id, const bar_request& req, const market_store_actor& store) override {
    caf::anon_send(store, atom::warmup_v, id, data_->history(req, now_->now()));
  }

private:
  std::shared_ptr<const replay_data> data_;
  std::shared_ptr<const clock> now_;
};

} // namespace

std::shared_ptr<history_source> make_file_history(std::shared_ptr<const replay_data> data,
                                                  std::shared_ptr<const clock> now) {
  return std::make_shared<file_history>(std::move(data), std::move(now));
}

daily_fetch make_file_daily_fetch(std::shared_ptr<const replay_data> data,
                                  std::shared_ptr<const clock> now) {
  return [data = std::move(data), now = std::move(now)](const bar_request& req,
                                                        std::function<void(klines_result)> done) {
    klines_result res;
    res.bars = data->history(req, now->now());
    done(std::move(res));
  };
}

} // namespace tn

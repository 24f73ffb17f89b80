#pragma once

// A futures backtest's funding payments: the paper broker settles every
// funding event of the backtest's funding files (backtest.funding) when
// replay time reaches its funding time, at that event's rate (see
// actors/broker/paper_funding.hpp and paper_exchange.hpp).

#include "actors/broker/paper_funding.hpp"
#include "actors/derivatives/derivs_history.hpp"
#include "runtime/service_table.hpp"

#include <memory>
#include <vector>

namespace tn {

/// The funding events of `files` for `symbols`, in the schedule's form.
std::vector<funding_due> funding_schedule_of(const derivs_history& files,
                                             const std::vector<std::string>& symbols);

/// `table` with the paper broker settling the funding of `files` when the
/// node trades futures; the table unchanged when `files` holds no funding.
std::vector<node_service> with_file_funding(std::vector<node_service> table,
                                            std::shared_ptr<const derivs_history> files);

} // namespace tn

#pragma once

// The macro regime service: runs the quadrant logic (macro_regime.hpp) on
// the clock's time. A refresh reads the two CSV files (small, read in the
// handler) or asks the FRED API through the I/O thread, whose answers come
// back as messages and are parsed here. Every notice goes to the event log
// under "macro_regime"; the console sees the regime in the status report.

#include "actors/macro_regime/fred_client.hpp"
#include "actors/macro_regime/macro_config.hpp"
#include "actors/macro_regime/macro_regime.hpp"
#include "messages/actors.hpp"
#include "runtime/service.hpp"

#include <memory>

namespace tn {

/// A macro regime under `cfg` (validated) reading from `source`; `fred` is
/// the API client for macro_source::fred, else null.
macro_regime_actor spawn_macro_regime(caf::actor_system& sys, macro_config cfg,
                                      macro_source source, std::shared_ptr<fred_client> fred);

/// The service: the FRED API when $auth_env holds a key and the node has a
/// network thread, else the CSV files if configured, else none.
caf::expected<caf::actor> spawn_macro_regime(service_context& ctx);

} // namespace tn

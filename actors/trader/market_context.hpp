#pragma once

// The market context of a decision as the snapshot carries it: what the
// regime detector, the macro regime actor and the derivatives monitor
// answered, in the snapshot's terms. Unknown stays unknown ("" or an empty
// optional), so the prompt leaves it out and the evaluator gives it no say.
// Pure.

#include "messages/derivatives.hpp"
#include "messages/regime.hpp"
#include "messages/snapshot.hpp"

#include <string>
#include <vector>

namespace tn {

/// The regime detector's answer: its regime and the filtered probability of
/// it, or nothing before its first fit.
void set_crypto_regime(market_snapshot& snap, const regime_status& status);

/// The macro regime actor's answer: its quadrant, "" when unknown.
void set_macro_regime(market_snapshot& snap, const std::string& quadrant);

/// One symbol's derivatives as the snapshot shows them; the CVD only once
/// the monitor counted a closed bar.
derivatives_view derivatives_view_of(const derivatives_snapshot& s);

/// The monitor's snapshots of the decision's symbols, in the snapshot's
/// symbol order; symbols it does not watch are left out.
void set_derivatives(market_snapshot& snap, const std::vector<derivatives_snapshot>& all);

} // namespace tn

#include "actors/learner/signal_names.hpp"

#include <catch2/catch.hpp>

using namespace tn;

TEST_CASE("the evaluator's names stay as they are") {
  for (auto* name : {"trend", "momentum", "volatility", "volume", "regime"})
    CHECK(normalise_signal_name(name) == name);
}

TEST_CASE("the model's names fold onto the evaluator's signals") {
  CHECK(normalise_signal_name("Trend") == "trend");
  CHECK(normalise_signal_name("EMA 20/50 cross") == "trend");
  CHECK(normalise_signal_name("moving-average") == "trend");
  CHECK(normalise_signal_name("RSI(14)") == "momentum");
  CHECK(normalise_signal_name("  MACD histogram ") == "momentum");
  CHECK(normalise_signal_name("ATR expansion") == "volatility");
  CHECK(normalise_signal_name("Volume spike") == "volume");
  CHECK(normalise_signal_name("CVD") == "volume");
  CHECK(normalise_signal_name("Funding rate") == "regime");
  CHECK(normalise_signal_name("open interest") == "regime");
  CHECK(normalise_signal_name("long/short ratio") == "regime");
}

TEST_CASE("other names are normalised and kept") {
  CHECK(normalise_signal_name("Order-book  Imbalance!") == "order_book_imbalance");
  CHECK(normalise_signal_name("news_sentiment") == "news_sentiment");
  // A word that merely starts like an alias is not one.
  CHECK(normalise_signal_name("max drawdown") == "max_drawdown");
  CHECK(normalise_signal_name("--- !!") == "");
}

#include "tools/exchange-sim/streams.hpp"

#include <catch2/catch.hpp>

using namespace tn::sim;

TEST_CASE("stream names") {
  auto k = parse_kline_stream("btcusdt@kline_1m");
  REQUIRE(k);
  CHECK(k->symbol == "BTCUSDT");
  CHECK(k->span.ms == 60'000);
  CHECK(parse_kline_stream("ethusdt@kline_4h")->span.ms == 4 * 3'600'000);
  CHECK_FALSE(parse_kline_stream("btcusdt@kline_7m"));
  CHECK_FALSE(parse_kline_stream("btcusdt@aggTrade"));
  CHECK_FALSE(parse_kline_stream("@kline_1m"));
}

TEST_CASE("subscriptions from the upgrade URL") {
  stream_session combined{"/stream?streams=btcusdt@kline_1m/ethusdt@kline_1m/btcusdt@bookTicker"};
  CHECK(combined.combined());
  CHECK(combined.streams()
        == std::vector<std::string>{"btcusdt@kline_1m", "ethusdt@kline_1m", "btcusdt@bookTicker"});
  CHECK(combined.klines().size() == 2);
  stream_session raw{"/ws/btcusdt@kline_5m"};
  CHECK_FALSE(raw.combined());
  REQUIRE(raw.klines().size() == 1);
  CHECK(raw.klines()[0].span.name == "5m");
  stream_session bare{"/ws"};
  CHECK(bare.streams().empty());
  stream_session futures{"/market/stream?streams=avaxusdt@kline_1m&timeUnit=MICROSECOND"};
  CHECK(futures.combined());
  CHECK(futures.streams() == std::vector<std::string>{"avaxusdt@kline_1m"});
  stream_session upper{"/ws/BTCUSDT@kline_1m"};
  CHECK(upper.streams() == std::vector<std::string>{"btcusdt@kline_1m"});
  stream_session other{"/anything"};
  CHECK_FALSE(other.combined());
  CHECK(other.streams().empty());
}

TEST_CASE("SUBSCRIBE, UNSUBSCRIBE and LIST_SUBSCRIPTIONS") {
  stream_session s{"/ws"};
  CHECK(s.on_frame(R"({"method":"SUBSCRIBE","params":["btcusdt@kline_1m","solbtc@kline_1h"],"id":1})")
        == R"({"result":null,"id":1})");
  CHECK(s.klines().size() == 2);
  CHECK(s.on_frame(R"({"method":"SUBSCRIBE","params":["btcusdt@kline_1m"],"id":2})")
        == R"({"result":null,"id":2})");
  CHECK(s.streams().size() == 2); // no duplicates
  CHECK(s.on_frame(R"({"method":"LIST_SUBSCRIPTIONS","id":3})")
        == R"({"result":["btcusdt@kline_1m","solbtc@kline_1h"],"id":3})");
  CHECK(s.on_frame(R"({"method":"UNSUBSCRIBE","params":["btcusdt@kline_1m"],"id":"abc9"})")
        == R"({"result":null,"id":"abc9"})");
  REQUIRE(s.klines().size() == 1);
  CHECK(s.klines()[0].stream == "solbtc@kline_1h");
  CHECK(s.on_frame(R"({"method":"LIST_SUBSCRIPTIONS","id":null})")
        == R"({"result":["solbtc@kline_1h"],"id":null})");
}

TEST_CASE("the combined property") {
  stream_session s{"/ws/btcusdt@kline_1m"};
  CHECK(s.frame("btcusdt@kline_1m", "{}") == "{}");
  CHECK(s.on_frame(R"({"method":"GET_PROPERTY","params":["combined"],"id":4})")
        == R"({"result":false,"id":4})");
  CHECK(s.on_frame(R"({"method":"SET_PROPERTY","params":["combined",true],"id":5})")
        == R"({"result":null,"id":5})");
  CHECK(s.combined());
  CHECK(s.frame("btcusdt@kline_1m", "{}") == R"({"stream":"btcusdt@kline_1m","data":{}})");
  CHECK(s.on_frame(R"({"method":"SET_PROPERTY","params":["combined","yes"],"id":6})")
        == R"({"code":1,"msg":"Invalid value type: expected Boolean","id":6})");
  CHECK(s.on_frame(R"({"method":"GET_PROPERTY","params":["other"],"id":7})")
        == R"({"code":0,"msg":"Unknown property","id":7})");
}

TEST_CASE("bad control frames get Binance's error codes") {
  stream_session s{"/ws"};
  CHECK(s.on_frame("{not json").rfind(R"({"code":3,"msg":"Invalid JSON)", 0) == 0);
  CHECK(s.on_frame("[1]").rfind(R"({"code":2,)", 0) == 0);
  CHECK(s.on_frame(R"({"params":[],"id":1})").rfind(R"({"code":2,)", 0) == 0);
  CHECK(s.on_frame(R"({"method":"PING","id":1})").find("unknown variant `PING`") != std::string::npos);
  CHECK(s.on_frame(R"({"method":"SUBSCRIBE","params":[1],"id":1})").rfind(R"({"code":2,)", 0) == 0);
  CHECK(s.on_frame(R"({"method":"SUBSCRIBE","id":1})").rfind(R"({"code":2,)", 0) == 0);
  CHECK(s.on_frame(R"({"method":"SUBSCRIBE","params":["a@kline_1m"],"id":{"x":1}})")
          .rfind(R"({"code":2,)", 0)
        == 0);
  CHECK(s.on_frame(R"({"method":"SUBSCRIBE","params":["a@kline_1m"],"id":"has space"})")
          .rfind(R"({"code":2,)", 0)
        == 0);
  CHECK(s.streams().empty());
}

TEST_CASE("ticker-like stream names") {
  auto t = parse_feed_stream("btcusdt@ticker");
  REQUIRE(t);
  CHECK(t->symbol == "BTCUSDT");
  CHECK(t->kind == feed_kind::ticker);
  CHECK_FALSE(t->array());
  CHECK(parse_feed_stream("btcusdt@miniTicker")->kind == feed_kind::mini_ticker);
  CHECK(parse_feed_stream("btcusdt@bookTicker")->kind == feed_kind::book_ticker);
  CHECK(parse_feed_stream("btcusdt@markPrice")->kind == feed_kind::mark_price);
  CHECK(parse_feed_stream("btcusdt@markPrice@1s")->kind == feed_kind::mark_price);
  for (const char* all : {"!ticker@arr", "!miniTicker@arr", "!markPrice@arr", "!markPrice@arr@1s"}) {
    auto a = parse_feed_stream(all);
    REQUIRE(a);
    CHECK(a->symbol.empty());
    CHECK(a->array());
  }
  auto books = parse_feed_stream("!bookTicker");
  REQUIRE(books);
  CHECK_FALSE(books->array()); // one event per symbol
  CHECK_FALSE(parse_feed_stream("btcusdt@aggTrade"));
  CHECK_FALSE(parse_feed_stream("@ticker"));
  CHECK_FALSE(parse_feed_stream("btcusdt@markPrice@3s"));
  CHECK_FALSE(parse_feed_stream("!ticker"));
}

TEST_CASE("futures routes: /public carries the book, /market the rest") {
  stream_session market{"/market/ws/btcusdt@markPrice/btcusdt@bookTicker/btcusdt@kline_1m/btcusdt@ticker"};
  CHECK(market.route() == stream_route::futures_market);
  CHECK(market.futures());
  CHECK_FALSE(market.combined());
  CHECK(market.streams().size() == 4); // all acknowledged
  CHECK(market.klines().size() == 1);
  REQUIRE(market.feeds().size() == 2);
  CHECK(market.feeds()[0].kind == feed_kind::mark_price);
  CHECK(market.feeds()[1].kind == feed_kind::ticker);

  stream_session pub{"/public/stream?streams=btcusdt@bookTicker/btcusdt@markPrice@1s/btcusdt@kline_1m"};
  CHECK(pub.route() == stream_route::futures_public);
  CHECK(pub.combined());
  CHECK(pub.klines().empty());
  REQUIRE(pub.feeds().size() == 1);
  CHECK(pub.feeds()[0].kind == feed_kind::book_ticker);
  CHECK(pub.on_frame(R"({"method":"SUBSCRIBE","params":["!markPrice@arr"],"id":1})")
        == R"({"result":null,"id":1})");
  CHECK(pub.feeds().size() == 1); // listed, silent
  CHECK(pub.streams().size() == 4);

  stream_session plain{"/ws/btcusdt@markPrice/btcusdt@bookTicker/btcusdt@kline_1m"};
  CHECK(plain.route() == stream_route::plain);
  CHECK_FALSE(plain.futures());
  CHECK(plain.klines().size() == 1);
  CHECK(plain.feeds().size() == 2);
  CHECK(plain.on_frame(R"({"method":"UNSUBSCRIBE","params":["btcusdt@markPrice"],"id":2})")
        == R"({"result":null,"id":2})");
  REQUIRE(plain.feeds().size() == 1);
  CHECK(plain.feeds()[0].stream == "btcusdt@bookTicker");
}

TEST_CASE("all-market stream names keep their case") {
  stream_session s{"/stream?streams=!miniTicker@arr/!bookTicker/BTCUSDT@markPrice"};
  CHECK(s.streams() == std::vector<std::string>{"!miniTicker@arr", "!bookTicker", "btcusdt@markPrice"});
  CHECK(s.feeds().size() == 3);
}

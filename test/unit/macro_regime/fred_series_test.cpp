#include "actors/macro_regime/fred_series.hpp"

#include "test/unit/macro_regime/series_util.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>

using namespace tn;
using tn::test::day;

TEST_CASE("ISO dates read and write back, invalid ones are refused") {
  timestamp t;
  REQUIRE(parse_iso_date("2024-02-29", t));
  CHECK(format_iso_date(t) == "2024-02-29");
  CHECK(t == timestamp{std::chrono::hours{24} * 19782});
  REQUIRE(parse_iso_date("1947-01-01", t));
  CHECK(format_iso_date(t) == "1947-01-01");
  CHECK(t < timestamp{});
  CHECK_FALSE(parse_iso_date("2023-02-29", t));
  CHECK_FALSE(parse_iso_date("2024-13-01", t));
  CHECK_FALSE(parse_iso_date("2024-1-01", t));
  CHECK_FALSE(parse_iso_date("2024/01/01", t));
  CHECK_FALSE(parse_iso_date("", t));
}

TEST_CASE("FRED CSV with the observation_date header, '.' for a missing value") {
  std::vector<observation> xs;
  auto why = parse_fred_csv("observation_date,INDPRO\n"
                            "2024-01-01,102.5\n"
                            "2024-02-01,.\n"
                            "2024-03-01,103.25\n",
                            xs);
  REQUIRE(why.empty());
  REQUIRE(xs.size() == 3);
  CHECK(xs[0].date == day("2024-01-01"));
  CHECK(xs[0].value == 102.5);
  CHECK(xs[1].date == day("2024-02-01"));
  CHECK(std::isnan(xs[1].value));
  CHECK(xs[2].value == 103.25);
}

TEST_CASE("FRED CSV with the older DATE,VALUE header, CRLF, BOM, blank lines, any order") {
  std::vector<observation> xs;
  auto why = parse_fred_csv("\xEF\xBB\xBF"
                            "DATE,VALUE\r\n"
                            "2024-03-01,3.5\r\n"
                            "\r\n"
                            "2024-01-01,-1\r\n"
                            "2024-02-01,\r\n",
                            xs);
  REQUIRE(why.empty());
  REQUIRE(xs.size() == 3);
  CHECK(xs[0].date == day("2024-01-01"));
  CHECK(xs[0].value == -1);
  CHECK(std::isnan(xs[1].value));
  CHECK(xs[2].date == day("2024-03-01"));
  CHECK(xs[2].value == 3.5);
  CHECK(parse_fred_csv("date,CPIAUCSL\n2024-01-01,310.3\n", xs).empty());
  CHECK(xs.size() == 1);
}

TEST_CASE("FRED CSV errors name the line") {
  std::vector<observation> xs;
  CHECK(parse_fred_csv("", xs) == "empty file: no header");
  CHECK(parse_fred_csv("when,VALUE\n2024-01-01,1\n", xs).find("line 1: expected the header")
        == 0);
  CHECK(parse_fred_csv("DATE,VALUE\n2024-01-01,1\n2024-02-01,abc\n", xs)
        == "line 3: value 'abc' is not a number or '.'");
  CHECK(parse_fred_csv("DATE,VALUE\n2024-02-30,1\n", xs)
        == "line 2: '2024-02-30' is not a date (YYYY-MM-DD)");
  CHECK(parse_fred_csv("DATE,VALUE\n2024-01-01,1,2\n", xs).find("line 2: expected two columns")
        == 0);
  CHECK(parse_fred_csv("DATE,VALUE\n2024-01-01,1\n2024-01-01,2\n", xs)
        == "date 2024-01-01 appears twice");
  CHECK(parse_fred_csv("DATE,VALUE\n2024-01-01,inf\n", xs)
        == "line 2: value 'inf' is not a number or '.'");
}

TEST_CASE("FRED API JSON: observations with '.' for a missing value") {
  std::vector<observation> xs;
  auto why = parse_fred_json(R"({"realtime_start":"2024-06-01","units":"lin","count":3,
    "observations":[
      {"realtime_start":"2024-06-01","realtime_end":"2024-06-01","date":"2024-02-01","value":"."},
      {"realtime_start":"2024-06-01","realtime_end":"2024-06-01","date":"2024-01-01","value":"310.326"},
      {"realtime_start":"2024-06-01","realtime_end":"2024-06-01","date":"2024-03-01","value":"312.1"}]})",
                             xs);
  REQUIRE(why.empty());
  REQUIRE(xs.size() == 3);
  CHECK(xs[0].date == day("2024-01-01"));
  CHECK(xs[0].value == Approx(310.326));
  CHECK(std::isnan(xs[1].value));
  CHECK(xs[2].value == Approx(312.1));
  CHECK(parse_fred_json(R"({"observations":[]})", xs).empty());
  CHECK(xs.empty());
}

TEST_CASE("FRED API JSON errors") {
  std::vector<observation> xs;
  CHECK(parse_fred_json(R"({"error_code":400,"error_message":"Bad Request.  Variable api_key is not set."})",
                        xs)
        == "FRED: Bad Request.  Variable api_key is not set.");
  CHECK(parse_fred_json("<html>", xs).find("not JSON") == 0);
  CHECK(parse_fred_json("[]", xs) == "the answer is not a JSON object");
  CHECK(parse_fred_json(R"({"count":0})", xs) == "no observations array in the answer");
  CHECK(parse_fred_json(R"({"observations":[{"value":"1"}]})", xs)
        == "observations[0].date is missing or not a string");
  CHECK(parse_fred_json(R"({"observations":[{"date":"2024-01-01","value":"x"}]})", xs)
        == "observations[0].value 'x' is not a number or '.'");
  CHECK(parse_fred_json(R"({"observations":[{"date":"2024-01-01"}]})", xs)
        == "observations[0].value is missing or not a number");
}

TEST_CASE("An HTTP failure shows FRED's error_message, else an excerpt") {
  CHECK(fred_http_error(400, R"({"error_code":400,"error_message":"Bad Request."})")
        == "HTTP 400: Bad Request.");
  CHECK(fred_http_error(502, "") == "HTTP 502");
  CHECK(fred_http_error(503, "busy") == "HTTP 503: busy");
}

TEST_CASE("A CSV file is read, a missing one says so") {
  auto path = std::string{TN_BINARY_DIR} + "/macro_fred_series_test.csv";
  {
    std::ofstream out{path};
    out << "observation_date,CPIAUCSL\n2024-01-01,310.3\n2024-02-01,.\n";
  }
  auto r = read_fred_csv_file(path);
  CHECK(r.error.empty());
  CHECK(r.observations.size() == 2);
  std::remove(path.c_str());
  r = read_fred_csv_file(path);
  CHECK(r.observations.empty());
  CHECK(r.error.find(path + ": cannot open the file") == 0);
}

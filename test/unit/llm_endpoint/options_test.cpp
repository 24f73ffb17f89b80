#include "tools/llm-endpoint/options.hpp"

#include <catch2/catch.hpp>

using namespace tn::llm;

TEST_CASE("llm-endpoint command line") {
  cli_options o;
  std::string error;
  REQUIRE(parse_cli({"--host", "127.0.0.2", "--port=0", "--cert", "c.pem", "--key=k.pem",
                     "--script", "s.jsonl", "--api-key-env", "KEY", "--quiet"},
                    o, error));
  CHECK(o.host == "127.0.0.2");
  CHECK(o.port == 0);
  CHECK(o.cert_file == "c.pem");
  CHECK(o.key_file == "k.pem");
  CHECK(o.script_file == "s.jsonl");
  CHECK(o.api_key_env == "KEY");
  CHECK(o.quiet);
  CHECK_FALSE(o.help);

  cli_options h;
  REQUIRE(parse_cli({"--help"}, h, error));
  CHECK(h.help);
  CHECK_THAT(usage(), Catch::Contains("--script"));

  cli_options bad;
  CHECK_FALSE(parse_cli({"--port", "70000"}, bad, error));
  CHECK_THAT(error, Catch::Contains("--port"));
  CHECK_FALSE(parse_cli({"--port"}, bad, error));
  CHECK_THAT(error, Catch::Contains("missing value"));
  CHECK_FALSE(parse_cli({"--bogus"}, bad, error));
  CHECK_THAT(error, Catch::Contains("--bogus"));
  CHECK_FALSE(parse_cli({"--cert", "c.pem"}, bad, error));
  CHECK_THAT(error, Catch::Contains("--key"));
}

// The default query mix of `morgue bench query`: the contents of
// bench/queries/reuters.tsv, compiled in so that the command needs no file
// (tests/bench_smoke_test.cc checks that the two stay identical).
#include "bench/query_mix.h"

namespace morgue::bench {

const char* DefaultBenchQueries() {
  return R"tsv(# morgue bench query: the default mix for Reuters-like news (class<TAB>query): 40 fixed
# searches, 8 per class, the broad class chosen from the archive (@archive: the largest
# places, topics and organisations, the largest months whole, the ten most frequent body words,
# NOT of the smallest place and topic; bench/query_mix.h), then facets, histogram and export.
# Format and classes: bench/query_mix.h, docs/performance.md.
free	oil prices
free	interest rates
free	trade deficit
free	wheat exports
free	bank loans
free	coffee prices
free	stock market
free	dollar yen
phrase	"interest rates"
phrase	"trade deficit"
phrase	"crude oil"
phrase	"federal reserve"
phrase	"money supply"
phrase	"stock exchange"
phrase	"net loss"
phrase	"oil prices"
# the free-text queries above, each with a date range: compare date with free
date	oil prices date:1987-03
date	interest rates date:1987-04-01..1987-04-30
date	trade deficit date:1987-03-01..1987-03-15
date	wheat exports date:1987
date	bank loans date:..1987-03-31
date	coffee prices date:1987-04-01..
date	stock market date:1987-03..1987-04
date	dollar yen date:1987-10
entity	place:iran
entity	place:japan
entity	place:"west germany"
entity	place:brazil
entity	org:opec
entity	org:ec
entity	person:reagan
entity	person:volcker
combination	"oil prices" place:iran
combination	wheat topic:grain date:1987-03..1987-04
combination	(coffee OR cocoa) -brazil
combination	interest NEAR/3 rates place:usa
combination	bank* place:japan
combination	headline:"trade deficit" date:1987
combination	person:baker dollar
combination	opec OR "crude oil" -iran date:..1987-06-30
broad	@archive
facets:place	
facets:topic	
facets:person	oil
histogram:month	
histogram:day	oil prices
histogram:week	place:iran
export	"crude oil"
export	coffee
)tsv";
}

}  // namespace morgue::bench

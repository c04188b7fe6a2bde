// Articles for the side-by-side tests (side_by_side_test.cc and
// cli_side_by_side_test.cc): two subjects whose matches lie in different
// months, so that the union of their spans has months neither matches.
#ifndef MORGUE_TESTS_SIDE_BY_SIDE_FIXTURE_H_
#define MORGUE_TESTS_SIDE_BY_SIDE_FIXTURE_H_

#include <string>
#include <utility>
#include <vector>

#include "morgue/article.h"

namespace morgue::test {

// Appends three "tin" articles of 1987-03-05..07 and three "cocoa" ones of
// 1987-06-10..12 (source "wire").
inline void AppendTinAndCocoa(std::vector<Article>* out) {
  for (int i = 0; i < 3; ++i) {
    Article a;
    a.source = "wire";
    a.id = "tin" + std::to_string(i);
    a.headline = "tin";
    a.body = {"tin council"};
    a.published = Timestamp::FromCivil(1987, 3, 5 + i, 9, 0, 0);
    out->push_back(a);
    a.id = "cocoa" + std::to_string(i);
    a.headline = "cocoa";
    a.body = {"cocoa crop"};
    a.published = Timestamp::FromCivil(1987, 6, 10 + i, 9, 0, 0);
    out->push_back(std::move(a));
  }
}

}  // namespace morgue::test

#endif  // MORGUE_TESTS_SIDE_BY_SIDE_FIXTURE_H_

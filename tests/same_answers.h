// Assertions that two archives (or two ways of matching one) answered alike.
#ifndef MORGUE_TESTS_SAME_ANSWERS_H_
#define MORGUE_TESTS_SAME_ANSWERS_H_

#include <gtest/gtest.h>

#include <vector>

#include "morgue/search.h"

namespace morgue::test {

// The same total and hits (ids, scores) in the same order.
inline void ExpectSameHits(const SearchResult& a, const SearchResult& b) {
  EXPECT_EQ(a.total, b.total);
  ASSERT_EQ(a.hits.size(), b.hits.size());
  for (size_t i = 0; i < a.hits.size(); ++i) {
    EXPECT_EQ(a.hits[i].id, b.hits[i].id) << "hit " << i;
    EXPECT_EQ(a.hits[i].score, b.hits[i].score) << "hit " << i;
    EXPECT_EQ(a.hits[i].explanation, b.hits[i].explanation) << "hit " << i;
  }
}

// The same values with the same counts, in the same order.
inline void ExpectSameFacetValues(const std::vector<FacetCount>& a,
                                  const std::vector<FacetCount>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].value, b[i].value);
    EXPECT_EQ(a[i].count, b[i].count);
  }
}

inline void ExpectSameFacets(const FacetResult& a, const FacetResult& b) {
  EXPECT_EQ(a.total, b.total);
  ExpectSameFacetValues(a.values, b.values);
}

inline void ExpectSameHistogram(const HistogramResult& a, const HistogramResult& b) {
  EXPECT_EQ(a.total, b.total);
  EXPECT_EQ(a.undated, b.undated);
  ASSERT_EQ(a.bins.size(), b.bins.size());
  for (size_t i = 0; i < a.bins.size(); ++i) EXPECT_EQ(a.bins[i].count, b.bins[i].count);
}

}  // namespace morgue::test

#endif  // MORGUE_TESTS_SAME_ANSWERS_H_

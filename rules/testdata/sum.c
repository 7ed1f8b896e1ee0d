/* sum.c -- compiled as C (a for-loop declaration needs C99 or later). */
#include "sum.h"

long rules_testdata_sum(const int* v, int n) {
  long total = 0;
  for (int i = 0; i < n; ++i) total += v[i];
  return total;
}

/* sum.h -- a C function for the C-source tests. */
#ifndef HCALL_RULES_TESTDATA_SUM_H_
#define HCALL_RULES_TESTDATA_SUM_H_

#ifdef __cplusplus
extern "C" {
#endif

/* The sum of the (n) values at (v); 0 when (n) is 0. */
long rules_testdata_sum(const int* v, int n);

#ifdef __cplusplus
}
#endif

#endif /* HCALL_RULES_TESTDATA_SUM_H_ */

"""The line a passing test run prints, defined once.

GoogleTest prints it once every selected test passed; hctest (hctest.cc,
which gets it as HCTEST_SUCCESS_MARKER) prints the same, and every hcall
rule that runs a GoogleTest or hctest binary checks for it
(//rules/private:common.bzl). A binary that exits 0 without running its
tests cannot pass.
"""

GTEST_SUCCESS_MARKER = "[  PASSED  ]"

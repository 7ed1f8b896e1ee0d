/* libc_shim/testdata/newlib_image.c -- an ordinary C program on newlib
 * (hc_image libc = "newlib"): printf of integers and floating point,
 * long double in printf (converted to double), strtod, sscanf, libm, the
 * environment and arguments, clocks and randomness, and, unless run with
 * "--no-files", stdio on the manifest grant "data" (testdata/twelve.txt:
 * "twelve bytes"). Every check prints what it saw; the last line is "NEWLIB
 * IMAGE OK" and the status 0, both only if every check passed. stdout is fully
 * buffered when it is not a terminal, so the marker also shows that exit()
 * flushed it. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int failures = 0;

static void check(int ok, const char* what) {
  printf("%s: %s\n", ok ? "ok" : "FAILED", what);
  if (!ok) ++failures;
}

static void check_text(const char* got, const char* want, const char* what) {
  const int ok = strcmp(got, want) == 0;
  printf("%s: %s: \"%s\"%s%s%s\n", ok ? "ok" : "FAILED", what, got,
         ok ? "" : " (want \"", ok ? "" : want, ok ? "" : "\")");
  if (!ok) ++failures;
}

static void check_formatting(void) {
  char buf[128];
  volatile double tenth = 0.1;
  snprintf(buf, sizeof(buf), "%.17g", tenth);
  check_text(buf, "0.10000000000000001", "%.17g of 0.1");
  snprintf(buf, sizeof(buf), "%e|%8.3f|%g", 12345.678, -2.5, 1e-5);
  check_text(buf, "1.234568e+04|  -2.500|1e-05", "%e %f %g");
  snprintf(buf, sizeof(buf), "%d %5s %llx %zu", -42, "ab", 0xabcdefULL,
           (size_t)7);
  check_text(buf, "-42    ab abcdef 7", "integers and strings");

  char* end = NULL;
  const double d = strtod("2.5e3xyz", &end);
  check(d == 2500.0 && strcmp(end, "xyz") == 0, "strtod(\"2.5e3xyz\")");

  int i = 0;
  double x = 0;
  char word[16] = "";
  const int n = sscanf("42 3.25 word", "%d %lf %15s", &i, &x, word);
  check(n == 3 && i == 42 && x == 3.25 && strcmp(word, "word") == 0,
        "sscanf of an int, a double and a word");

  volatile double two = 2.0;
  snprintf(buf, sizeof(buf), "%.6f %.3f", sqrt(two), pow(two, 0.5) * exp(0));
  check_text(buf, "1.414214 1.414", "sqrt, pow and exp (libm)");
}

/* printf of a long double: newlib converts it to double (_NO_LONGDBL), on
 * aarch64 through __trunctfdf2 (binary128; toolchains/runtime), on x86_64
 * in the x87 unit; arm's long double is a double. `%Lf %Lg %.17Lg %Le` of
 * each value must print what `%f %g %.17g %e` print of the double it
 * rounds to (to nearest, ties to even), written independently here. The
 * values that need rounding are exact in x87's 64-bit significand too;
 * those a compiler would round to zero are computed at run time. */
static void check_long_double(void) {
  volatile long double two = 2.0L;
  volatile long double dbl_max = 0x1.fffffffffffffp1023L;
  const struct {
    long double value;
    double as_double;
    const char* what;
  } cases[] = {
      {0.0L, 0.0, "0"},
      {-0.0L, -0.0, "-0"},
      {-2.5L, -2.5, "-2.5"},
      {0.1L, 0.1, "0.1"},
      {1e100L, 1e100, "1e100"},
      {1.0L / 3, 1.0 / 3, "1/3"},
      {0x1.00000000000008p0L, 1.0, "1 + 2^-53: a tie, to even (down)"},
      {0x1.00000000000018p0L, 0x1.0000000000002p0,
       "1 + 3 * 2^-53: a tie, to even (up)"},
      {0x1.0000000000000802p0L, 0x1.0000000000001p0,
       "1 + 2^-53 + 2^-63: past the tie, up"},
      {0x1.8p-1074L, 0x1p-1073, "1.5 * 2^-1074: a subnormal tie, to even"},
      {0x1p-1074L / two, 0.0, "2^-1075: half the smallest subnormal, to 0"},
      {-0x1.0000001p-1075L, -0x1p-1074, "past half the smallest subnormal"},
      {0x1.fffffffffffff8p-1023L, 0x1p-1022,
       "a subnormal that rounds up to DBL_MIN"},
      {dbl_max, 0x1.fffffffffffffp1023, "DBL_MAX"},
      {dbl_max + 0x1p969L, 0x1.fffffffffffffp1023,
       "DBL_MAX + a quarter ulp: DBL_MAX"},
      {dbl_max + 0x1p970L, HUGE_VAL, "DBL_MAX + half an ulp: infinity"},
      {-dbl_max * two, -HUGE_VAL, "-2 * DBL_MAX: -infinity"},
      {__builtin_infl(), HUGE_VAL, "infinity"},
      {__builtin_nanl(""), __builtin_nan(""), "NaN"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    static char got[1024];
    static char want[1024];
    snprintf(got, sizeof(got), "%Lf|%Lg|%.17Lg|%Le", cases[i].value,
             cases[i].value, cases[i].value, cases[i].value);
    snprintf(want, sizeof(want), "%f|%g|%.17g|%e", cases[i].as_double,
             cases[i].as_double, cases[i].as_double, cases[i].as_double);
    char what[128];
    snprintf(what, sizeof(what), "%%Lf %%Lg %%.17Lg %%Le of %s", cases[i].what);
    check_text(got, want, what);
  }
}

static void check_process(int argc, char** argv) {
  check(argc == 2 || argc == 3, "argc");
  check(strcmp(argv[1], "one") == 0, "argv[1]");
  const char* greeting = getenv("GREETING");
  check(greeting != NULL && strcmp(greeting, "hello") == 0,
        "getenv(\"GREETING\")");

  struct timespec a, b;
  check(clock_gettime(CLOCK_MONOTONIC, &a) == 0 &&
            clock_gettime(CLOCK_REALTIME, &b) == 0 && b.tv_sec > 1600000000,
        "clock_gettime on both clocks");
  const struct timespec nap = {0, 1000000};
  check(nanosleep(&nap, NULL) == 0, "nanosleep");
  struct timespec c;
  clock_gettime(CLOCK_MONOTONIC, &c);
  check(
      (c.tv_sec - a.tv_sec) * 1000000000LL + (c.tv_nsec - a.tv_nsec) >= 1000000,
      "MONOTONIC advanced by the nap");

  unsigned char r1[16] = {0}, r2[16] = {0};
  check(getentropy(r1, sizeof(r1)) == 0 && getentropy(r2, sizeof(r2)) == 0 &&
            memcmp(r1, r2, sizeof(r1)) != 0,
        "getentropy");
  errno = 0;
  check(getentropy(r1, 257) == -1 && errno == EIO, "getentropy(257): EIO");

  char* p = malloc(100000);
  check(p != NULL, "malloc");
  memset(p, 'x', 100000);
  p = realloc(p, 200000);
  check(p != NULL && p[99999] == 'x', "realloc keeps the contents");
  free(p);
}

static void check_files(void) {
  FILE* f = fopen("data", "r");
  check(f != NULL, "fopen(\"data\", \"r\") of the grant");
  if (f == NULL) return;
  char line[64] = "";
  check(fgets(line, sizeof(line), f) != NULL, "fgets");
  check_text(line, "twelve bytes", "the grant's contents");
  check(fseek(f, 7, SEEK_SET) == 0, "fseek");
  char word[16] = "";
  check(fscanf(f, "%15s", word) == 1 && strcmp(word, "bytes") == 0,
        "fscanf after fseek");
  check(fseek(f, 0, SEEK_END) == 0 && ftell(f) == 12, "ftell at the end");
  rewind(f);
  const int c = fgetc(f);
  check(c == 't' && ungetc(c, f) == 't' && fgetc(f) == 't', "ungetc");
  check(fclose(f) == 0, "fclose");

  struct stat st;
  check(stat("data", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 12,
        "stat of the grant");
  errno = 0;
  check(fopen("missing", "r") == NULL && errno == ENOENT,
        "fopen of a name not granted: ENOENT");
  errno = 0;
  check(unlink("data") == -1 && errno == EPERM, "unlink refused: EPERM");
  /* Writing modes of a read-only grant. ("w" of a writable grant with
   * contents fails with EINVAL, the ABI cannot truncate; that, "w" of an
   * empty one, "a" and "a+" are in //test/newlib_differential.) */
  errno = 0;
  check(fopen("data", "w") == NULL && errno == EACCES,
        "fopen(\"data\", \"w\") of a read-only grant: EACCES");
  errno = 0;
  check(fopen("data", "a") == NULL && errno == EACCES,
        "fopen(\"data\", \"a\") of a read-only grant: EACCES");
  errno = 0;
  check(fopen("data", "r+") == NULL && errno == EACCES,
        "fopen(\"data\", \"r+\") of a read-only grant: EACCES");
}

int main(int argc, char** argv, char** envp) {
  (void)envp;
  printf("hello from newlib\n");
  check_formatting();
  check_long_double();
  check_process(argc, argv);
  if (!(argc == 3 && strcmp(argv[2], "--no-files") == 0)) check_files();
  if (failures != 0) {
    printf("%d checks FAILED\n", failures);
    return 1;
  }
  printf("NEWLIB IMAGE OK\n");
  return 0;
}

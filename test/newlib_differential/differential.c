/* test/newlib_differential/differential.c -- one C program, built twice:
 * as an image on newlib (libc = "newlib") and as a host program on glibc
 * (static, run natively or under qemu-user). differential_test.cc runs
 * both with the same arguments, environment (TZ=UTC) and a fresh copy of
 * the same file, and requires the same output, line for line.
 *
 *   differential FILE EMPTY FULL
 *
 * Each is the name of a writable file: a manifest name for the image
 * (fopen("data", ...) opens the grant "data"), a path for glibc. FILE and
 * FULL start with "line one\nline two\n3.25 42 word\n", EMPTY empty. Sections:
 * stdio (read, scanf, seek, tell, ungetc, r+ writes, buffering modes observed
 * through a second stream), printf and scanf of floating point, strtod, time
 * conversion, libm.
 *
 * What is printed is what ISO C fixes; implementation-defined text (the
 * strerror messages, errno numbers) is printed as a name. Functions that
 * are not exactly rounded in either library are printed to 12 significant
 * digits, so the two libms' last-bit differences do not count. */
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char* errno_name(int e) {
  switch (e) {
    case 0:
      return "0";
    case ERANGE:
      return "ERANGE";
    case EINVAL:
      return "EINVAL";
    case EDOM:
      return "EDOM";
    case EBADF:
      return "EBADF";
    default:
      return "other";
  }
}

/* The bits of (d), so that a value prints one way in both libraries (the
 * leading digit of %a is the implementation's choice). */
static unsigned long long bits(double d) {
  uint64_t u;
  memcpy(&u, &d, sizeof u);
  return (unsigned long long)u;
}

/* The size of (name) as a fresh read-only stream sees it. */
static long size_seen(const char* name) {
  FILE* f = fopen(name, "r");
  if (f == NULL) return -1;
  long n = -2;
  if (fseek(f, 0, SEEK_END) == 0) n = ftell(f);
  fclose(f);
  return n;
}

static int stdio_section(const char* name) {
  char line[64];
  FILE* f = fopen(name, "r");
  if (f == NULL) {
    printf("stdio: fopen r failed: %s\n", errno_name(errno));
    return 1;
  }
  while (fgets(line, sizeof line, f) != NULL && line[0] != '3') {
    printf("stdio: fgets [%s] at %ld\n", strtok(line, "\n"), ftell(f));
  }
  double d = 0;
  int i = 0;
  char word[16] = "";
  fseek(f, -(long)strlen("3.25 42 word\n"), SEEK_END);
  printf("stdio: fscanf %d", fscanf(f, "%lf %d %15s", &d, &i, word));
  printf(" %.2f %d %s at %ld\n", d, i, word, ftell(f));
  int c = getc(f);
  printf("stdio: getc %d", c);
  c = getc(f);
  printf(" then %d eof %d error %d\n", c, feof(f) != 0, ferror(f) != 0);
  rewind(f);
  printf("stdio: after rewind eof %d", feof(f) != 0);
  printf(" getc %c", getc(f));
  printf(" ungetc %c", ungetc('Z', f));
  printf(" tell %ld", ftell(f));
  printf(" getc %c", getc(f));
  printf(" getc %c\n", getc(f));
  fseek(f, 5, SEEK_SET);
  fseek(f, 4, SEEK_CUR);
  printf("stdio: SEEK_SET 5, SEEK_CUR 4: %c tell %ld\n", getc(f), ftell(f));
  fpos_t pos;
  fgetpos(f, &pos);
  char a[5] = "", b[5] = "";
  fread(a, 1, 4, f);
  fsetpos(f, &pos);
  fread(b, 1, 4, f);
  printf("stdio: fgetpos/fsetpos [%s] [%s]\n", a, b);
  errno = 0;
  const int bad_seek = fseek(f, -100, SEEK_SET);
  printf("stdio: fseek before start %d %s tell %ld\n", bad_seek,
         errno_name(errno), ftell(f));
  const int put = fputc('x', f);
  printf("stdio: fputc on a read stream %d error %d\n", put, ferror(f) != 0);
  fclose(f);

  f = fopen(name, "r+");
  if (f == NULL) {
    printf("stdio: fopen r+ failed: %s\n", errno_name(errno));
    return 1;
  }
  fseek(f, 5, SEEK_SET);
  fputs("ONE", f);
  fseek(f, 0, SEEK_END);
  printf("stdio: r+ end at %ld\n", ftell(f));
  fputs("four\n", f);
  fseek(f, 0, SEEK_SET);
  size_t n = fread(line, 1, sizeof line - 1, f);
  line[n] = '\0';
  printf("stdio: r+ reads %zu bytes:", n);
  for (char* s = strtok(line, "\n"); s != NULL; s = strtok(NULL, "\n")) {
    printf(" [%s]", s);
  }
  printf("\n");

  /* Buffering modes, observed through the file's size as another stream
   * sees it. */
  static const struct {
    int mode;
    const char* what;
  } kModes[] = {{_IOLBF, "line"}, {_IOFBF, "full"}, {_IONBF, "none"}};
  for (size_t m = 0; m < sizeof kModes / sizeof kModes[0]; ++m) {
    FILE* w = fopen(name, "r+");
    setvbuf(w, NULL, kModes[m].mode, 256);
    fseek(w, 0, SEEK_END);
    const long before = size_seen(name);
    fputs("part", w);
    const long after_part = size_seen(name);
    fputs(" line\n", w);
    const long after_line = size_seen(name);
    fflush(w);
    const long after_flush = size_seen(name);
    printf(
        "stdio: %s buffered: +%ld after \"part\", +%ld after newline, "
        "+%ld after fflush\n",
        kModes[m].what, after_part - before, after_line - before,
        after_flush - before);
    fclose(w);
  }
  fclose(f);
  return 0;
}

/* The contents of (name) as lines in brackets. */
static void print_file(const char* what, const char* name) {
  char line[64];
  FILE* f = fopen(name, "r");
  printf("%s:", what);
  while (f != NULL && fgets(line, sizeof line, f) != NULL) {
    printf(" [%s]", strtok(line, "\n"));
  }
  printf("\n");
  if (f != NULL) fclose(f);
}

/* fopen "w", "a", "a+" and open(O_APPEND) on an empty file, then "w" on
 * one with contents. */
static void write_modes_section(const char* empty, const char* full) {
  errno = 0;
  FILE* f = fopen(empty, "w");
  printf("modes: w on an empty file: %s\n",
         f != NULL ? "ok" : errno_name(errno));
  if (f != NULL) {
    fputs("first\n", f);
    fclose(f);
  }
  f = fopen(empty, "a");
  printf("modes: a: %s\n", f != NULL ? "ok" : errno_name(errno));
  if (f != NULL) {
    fputs("second\n", f);
    fseek(f, 0, SEEK_SET);
    fputs("third\n", f); /* still at the end */
    fclose(f);
  }
  f = fopen(empty, "a+");
  printf("modes: a+: %s", f != NULL ? "ok" : errno_name(errno));
  if (f != NULL) {
    char line[32] = "";
    /* Where reading starts is the library's choice: glibc at the start,
     * the BSD stdio (newlib's) at the end. */
    if (fgets(line, sizeof line, f) != NULL) {
      printf(" reads [%s]", strtok(line, "\n"));
    } else {
      printf(" reads EOF");
    }
    fputs("fourth\n", f);
    fclose(f);
  }
  printf("\n");
  const int fd = open(empty, O_WRONLY | O_APPEND);
  printf("modes: open O_APPEND: %s", fd >= 0 ? "ok" : errno_name(errno));
  if (fd >= 0) {
    lseek(fd, 0, SEEK_SET);
    printf(" write %ld", (long)write(fd, "fifth\n", 6));
    close(fd);
  }
  printf("\n");
  print_file("modes: now", empty);
  errno = 0;
  f = fopen(full, "w");
  printf("modes: w on a file with contents: %s\n",
         f != NULL ? "ok" : errno_name(errno));
  if (f != NULL) fclose(f);
}

static const double kValues[] = {
    0.0,      -0.0,          1.0,     0.1,          1.0 / 3, 2.5,
    0.125,    123456789.125, 1e21,    1e-7,         1e300,   1e-300,
    4.9e-324, DBL_MAX,       DBL_MIN, -12345.6789,  0.5,     1.5,
    999.9999, 9.5,           0.05,    6.02214076e23};

static void printf_section(void) {
  static const char* const kFormats[] = {
      "%e",   "%.0e",  "%.17g", "%g",     "%#g",    "%f",     "%.3f",
      "%a",   "%.3a",  "%A",    "%+.10e", "%10.4f", "%-12g|", "%010.2f",
      "%.0f", "%#.0f", "% .4g", "%.30f",  "%G",     "%.1e"};
  char buf[400];
  for (size_t v = 0; v < sizeof kValues / sizeof kValues[0]; ++v) {
    printf("printf %zu:", v);
    for (size_t f = 0; f < sizeof kFormats / sizeof kFormats[0]; ++f) {
      /* The leading hex digit of %a is unspecified for a subnormal: below. */
      if (fpclassify(kValues[v]) == FP_SUBNORMAL &&
          strpbrk(kFormats[f], "aA") != NULL) {
        continue;
      }
      const int n = snprintf(buf, sizeof buf, kFormats[f], kValues[v]);
      printf(" [%s]=%d", buf, n);
    }
    printf("\n");
  }
  printf("printf %%a of a subnormal: %a %.3a %A\n", 4.9e-324, 4.9e-324,
         4.9e-324);
  static const double kSpecial[] = {INFINITY, -INFINITY, NAN};
  for (size_t v = 0; v < 3; ++v) {
    printf("printf special: %f %e %g %a %F %E %G %A %5.1f|%-6g|\n", kSpecial[v],
           kSpecial[v], kSpecial[v], kSpecial[v], kSpecial[v], kSpecial[v],
           kSpecial[v], kSpecial[v], kSpecial[v], kSpecial[v]);
  }
  printf("printf float arg: %f %g\n", 3.25f, 1.0f / 3);
  const int full = snprintf(buf, 8, "%.10f", 3.14159);
  printf("printf truncated: %d [%s]\n", full, buf);
}

static void scanf_section(void) {
  static const char* const kInputs[] = {
      "3.14159",  "-2.5e-3",   "0x1.8p1",
      "inf",      "-INFINITY", "nan",
      "1e400",    "4.9e-324",  "1e-400",
      "  +0.0e0", ".5",        "5.",
      "1e",       "0x",        "-.e1",
      "123abc",   "00012.50",  "1.7976931348623157e308"};
  for (size_t i = 0; i < sizeof kInputs / sizeof kInputs[0]; ++i) {
    double d = -1;
    float f = -1;
    int n = -1, m = -1;
    const int r = sscanf(kInputs[i], "%lf%n", &d, &n);
    const int rf = sscanf(kInputs[i], "%f%n", &f, &m);
    printf("sscanf [%s]: %d %016llx n=%d; float %d %016llx n=%d\n", kInputs[i],
           r, bits(r == 1 ? d : 0.0), n, rf, bits(rf == 1 ? (double)f : 0.0),
           m);
  }
  double x = 0, y = 0;
  int k = 0;
  char s[8] = "";
  const int r = sscanf("  7 2.5e1xyz 0.25", "%d %lg%7[xyz] %le", &k, &x, s, &y);
  printf("sscanf mixed: %d %d %g %s %g\n", r, k, x, s, y);
}

static void strtod_section(void) {
  static const char* const kInputs[] = {"0",
                                        "-0",
                                        "1.5e10",
                                        "  -12.75xyz",
                                        "0x1p-1074",
                                        "0x1.fffffffffffffp1023",
                                        "1e309",
                                        "-1e309",
                                        "1e-320",
                                        "2.2250738585072011e-308",
                                        "1e-400",
                                        "inf",
                                        "-Infinity",
                                        "nan",
                                        "NaN(123)",
                                        "0x1.8",
                                        "0X.8p2",
                                        "abc",
                                        "",
                                        "   ",
                                        "+",
                                        ".",
                                        "1e+",
                                        "3.14159265358979323846264338327950288",
                                        "9007199254740993",
                                        "0.1e-5",
                                        "1_000"};
  for (size_t i = 0; i < sizeof kInputs / sizeof kInputs[0]; ++i) {
    char* end = NULL;
    errno = 0;
    const double d = strtod(kInputs[i], &end);
    const int e = errno;
    errno = 0;
    const float f = strtof(kInputs[i], NULL);
    const int ef = errno;
    /* NaN: only that it is one (its payload and sign are unspecified). */
    printf("strtod [%s]: %016llx %s end %td; strtof %016llx %s\n", kInputs[i],
           isnan(d) ? 1ULL : bits(d), errno_name(e), end - kInputs[i],
           isnan(f) ? 1ULL : bits((double)f), errno_name(ef));
  }
  printf("atof: %016llx %016llx\n", bits(atof("2.5")), bits(atof("-1e-3")));
}

static void print_tm(const char* what, const struct tm* t) {
  printf("%s: %d-%02d-%02d %02d:%02d:%02d wday %d yday %d isdst %d\n", what,
         t->tm_year + 1900, t->tm_mon + 1, t->tm_mday, t->tm_hour, t->tm_min,
         t->tm_sec, t->tm_wday, t->tm_yday, t->tm_isdst);
}

static void time_section(void) {
  tzset();
  static const long long kTimes[] = {
      0,          -1,           951782400,    951868800,     1700000000,
      2147483647, 2147483648LL, 4102444800LL, -2208988800LL, 1234567890,
      1609459199, 1230768000};
  char buf[256];
  for (size_t i = 0; i < sizeof kTimes / sizeof kTimes[0]; ++i) {
    const time_t t = (time_t)kTimes[i];
    if ((long long)t != kTimes[i]) continue; /* a 32-bit time_t */
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL) {
      printf("gmtime %lld: NULL\n", kTimes[i]);
      continue;
    }
    snprintf(buf, sizeof buf, "gmtime %lld", kTimes[i]);
    print_tm(buf, &tm);
    strftime(buf, sizeof buf,
             "%Y-%m-%d %H:%M:%S|%a %A %b %B %h|%j %U %W %u %w|%y %C %e|%D %T "
             "%F %R|%G %g %V|%p %I %l|%c|%x|%X|%%",
             &tm);
    printf("strftime: %s\n", buf);
    struct tm local;
    localtime_r(&t, &local);
    strftime(buf, sizeof buf, "%z", &local);
    printf("localtime: %s same %d\n", buf,
           local.tm_year == tm.tm_year && local.tm_yday == tm.tm_yday &&
               local.tm_hour == tm.tm_hour && local.tm_min == tm.tm_min &&
               local.tm_sec == tm.tm_sec && local.tm_isdst == 0);
    printf("asctime: %s", asctime(&tm));
    struct tm back = tm;
    printf("mktime back: %lld\n", (long long)mktime(&back));
  }
  /* mktime normalises out-of-range fields. */
  static const struct {
    int year, mon, mday, hour, min, sec;
  } kFields[] = {{2023, 13, 1, 0, 0, 0},    {2024, 2, 30, 0, 0, 0},
                 {2024, 3, 0, 0, 0, 0},     {2023, 1, 1, -1, 0, 0},
                 {2000, 1, 1, 0, 0, 86400}, {1999, 12, 31, 23, 59, 60},
                 {2038, 1, 19, 3, 14, 8},   {1970, 1, 1, 0, 0, -1},
                 {2100, 2, 29, 12, 0, 0},   {2023, 6, 15, 25, 61, 61}};
  for (size_t i = 0; i < sizeof kFields / sizeof kFields[0]; ++i) {
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = kFields[i].year - 1900;
    tm.tm_mon = kFields[i].mon - 1;
    tm.tm_mday = kFields[i].mday;
    tm.tm_hour = kFields[i].hour;
    tm.tm_min = kFields[i].min;
    tm.tm_sec = kFields[i].sec;
    tm.tm_isdst = 0;
    const time_t t = mktime(&tm);
    if (t == (time_t)-1 && sizeof(time_t) < 8) continue;
    snprintf(buf, sizeof buf, "mktime %zu = %lld", i, (long long)t);
    print_tm(buf, &tm);
  }
  const time_t epoch = 0;
  strftime(buf, sizeof buf, "%Z", localtime(&epoch));
  printf("strftime %%Z with TZ=%s: %s\n", getenv("TZ"), buf);
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = 124;
  tm.tm_mon = 1;
  tm.tm_mday = 29;
  printf("strftime short buffer: %zu\n", strftime(buf, 5, "%Y-%m-%d", &tm));
  printf("difftime: %g\n", difftime((time_t)100, (time_t)40));
}

typedef double (*fn1)(double);
typedef double (*fn2)(double, double);

static void math_section(void) {
  static const double kX[] = {0.0,      -0.0,      0.5,
                              1.0,      -1.0,      2.0,
                              10.0,     0.1,       3.141592653589793,
                              -7.25,    100.5,     1e-10,
                              1e10,     709.0,     -745.0,
                              INFINITY, -INFINITY, NAN};
  static const struct {
    const char* name;
    fn1 f;
    int exact; /* correctly rounded in both libraries: compared in full */
  } kF1[] = {{"sqrt", sqrt, 1},    {"fabs", fabs, 1},
             {"floor", floor, 1},  {"ceil", ceil, 1},
             {"trunc", trunc, 1},  {"round", round, 1},
             {"rint", rint, 1},    {"nearbyint", nearbyint, 1},
             {"logb", logb, 1},    {"sin", sin, 0},
             {"cos", cos, 0},      {"tan", tan, 0},
             {"asin", asin, 0},    {"acos", acos, 0},
             {"atan", atan, 0},    {"sinh", sinh, 0},
             {"cosh", cosh, 0},    {"tanh", tanh, 0},
             {"asinh", asinh, 0},  {"acosh", acosh, 0},
             {"atanh", atanh, 0},  {"exp", exp, 0},
             {"exp2", exp2, 0},    {"expm1", expm1, 0},
             {"log", log, 0},      {"log2", log2, 0},
             {"log10", log10, 0},  {"log1p", log1p, 0},
             {"cbrt", cbrt, 0},    {"erf", erf, 0},
             {"erfc", erfc, 0},    {"tgamma", tgamma, 0},
             {"lgamma", lgamma, 0}};
  for (size_t i = 0; i < sizeof kF1 / sizeof kF1[0]; ++i) {
    printf("%s:", kF1[i].name);
    for (size_t j = 0; j < sizeof kX / sizeof kX[0]; ++j) {
      const double r = kF1[i].f(kX[j]);
      if (isnan(r)) {
        printf(" nan");
      } else if (kF1[i].exact) {
        printf(" %016llx", bits(r));
      } else {
        printf(" %.12g", r);
      }
    }
    printf("\n");
  }
  static const double kPairs[][2] = {{2, 10},     {2, 0.5},      {-8, 1.0 / 3},
                                     {0, 0},      {10, 3},       {-10, 3},
                                     {5.5, -2},   {1, INFINITY}, {-1, INFINITY},
                                     {1e308, 10}, {0.5, -1075},  {3, 4}};
  static const struct {
    const char* name;
    fn2 f;
    int exact;
  } kF2[] = {{"fmod", fmod, 1},         {"remainder", remainder, 1},
             {"fmin", fmin, 1},         {"fmax", fmax, 1},
             {"copysign", copysign, 1}, {"nextafter", nextafter, 1},
             {"fdim", fdim, 1},         {"pow", pow, 0},
             {"atan2", atan2, 0},       {"hypot", hypot, 0}};
  for (size_t i = 0; i < sizeof kF2 / sizeof kF2[0]; ++i) {
    printf("%s:", kF2[i].name);
    for (size_t j = 0; j < sizeof kPairs / sizeof kPairs[0]; ++j) {
      const double r = kF2[i].f(kPairs[j][0], kPairs[j][1]);
      if (isnan(r)) {
        printf(" nan");
      } else if (kF2[i].exact) {
        printf(" %016llx", bits(r));
      } else {
        printf(" %.12g", r);
      }
    }
    printf("\n");
  }
  int e = 0;
  double ip = 0;
  const double fr = frexp(48.0, &e);
  const double frac = modf(-3.75, &ip);
  printf("frexp %g %d ldexp %g modf %g %g ilogb %d\n", fr, e, ldexp(0.75, 10),
         frac, ip, ilogb(1000.0));
  int quo = 0;
  const double rem = remquo(29.0, 3.0, &quo);
  printf("remquo %g %d lround %ld llround %lld lrint %ld\n", rem, quo,
         lround(2.5), llround(-2.5), lrint(2.5));
  printf("classify %d %d %d %d %d signbit %d %d\n", fpclassify(0.0) == FP_ZERO,
         fpclassify(1.0) == FP_NORMAL, fpclassify(DBL_MIN / 2) == FP_SUBNORMAL,
         fpclassify(INFINITY) == FP_INFINITE, fpclassify(NAN) == FP_NAN,
         signbit(-0.0) != 0, signbit(0.0) != 0);
  printf("float: %016llx %g %g %.6g %.6g\n", bits((double)sqrtf(2.0f)),
         floorf(-1.5f), fmodf(7.5f, 2.0f), sinf(1.0f), expf(1.0f));
  errno = 0;
  const double big = exp(1000.0);
  printf("exp(1000) %g %s\n", big, errno_name(errno));
  errno = 0;
  const double dom = log(-1.0);
  printf("log(-1) nan %d %s\n", isnan(dom) != 0, errno_name(errno));
  errno = 0;
  const double pole = log(0.0);
  printf("log(0) %g %s\n", pole, errno_name(errno));
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: differential FILE EMPTY FULL\n");
    return 2;
  }
  const int status = stdio_section(argv[1]);
  write_modes_section(argv[2], argv[3]);
  printf_section();
  scanf_section();
  strtod_section();
  time_section();
  math_section();
  printf("DIFFERENTIAL DONE\n");
  return status;
}

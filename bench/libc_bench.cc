// The libc shim (//libc_shim), newlib as images get it (newlib 3.3.0 on
// hcall's system layer, linked in as one object whose standard names are
// renamed nlb_*: //bench:newlib_object) and glibc, side by side on the host:
//   BM_{hcl,newlib,glibc}_memcpy/<bytes>  16 B .. 64 KiB, cache-resident,
//                                     destination and source 64-byte aligned
//   BM_{hcl,newlib,glibc}_memcpy_unaligned/<bytes>  off by 1 and 3 bytes
//   BM_{hcl,newlib,glibc}_memset/<bytes>, _strlen/<bytes>, _strchr/<bytes>
//                                     (strchr finds the last character)
//   BM_{hcl,newlib,glibc}_malloc_free_64  allocate and free 64 bytes
//   BM_{hcl,newlib,glibc}_snprintf_int    "%d" of varying ints
//   BM_{newlib,glibc}_snprintf_g17    "%.17g" of varying doubles
//   BM_{newlib,glibc}_sscanf_int_double  "%d %lf"
//   BM_{newlib,glibc}_fwrite_1mib     fwrite 1 MiB to a file and fflush;
//                                     newlib's file is a manifest grant
//                                     ("data", through the capability
//                                     table, as in an image), glibc's a path
// Goals on the x86_64 host (README.md, "libc_bench"). Run:
//   ./bazelw run -c opt //bench:libc_bench -- --benchmark_format=json
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "capability/manifest.h"
#include "capability/rights.h"
#include "capability/table.h"
#include "hcl/stdio.h"
#include "hcl/stdlib.h"
#include "hcl/string.h"
#include "hypercall/linux/hosted.h"

// newlib's functions under their nlb_* names (//bench:newlib_object).
// FILE is newlib's, opaque here.
extern "C" {
struct NewlibFile;
void* nlb_memcpy(void* dst, const void* src, size_t n);
void* nlb_memset(void* dst, int c, size_t n);
size_t nlb_strlen(const char* s);
char* nlb_strchr(const char* s, int c);
void* nlb_malloc(size_t n);
void nlb_free(void* p);
int nlb_snprintf(char* buf, size_t size, const char* fmt, ...);
int nlb_sscanf(const char* s, const char* fmt, ...);
NewlibFile* nlb_fopen(const char* name, const char* mode);
size_t nlb_fwrite(const void* p, size_t size, size_t n, NewlibFile* f);
int nlb_fseek(NewlibFile* f, long offset, int whence);
int nlb_fflush(NewlibFile* f);
int nlb_fclose(NewlibFile* f);
}

namespace {

const bool kBackendReady = hc_linux::hosted_init() == 0;

[[noreturn]] void Die(const char* what) {
  fprintf(stderr, "libc_bench: %s\n", what);
  exit(1);
}

// A scratch file for the fwrite benchmarks, removed at once (its
// descriptor keeps it).
int ScratchFile(const char* tag) {
  const char* dir = getenv("TEST_TMPDIR");
  if (dir == nullptr) dir = getenv("TMPDIR");
  std::string path = std::string(dir != nullptr ? dir : "/tmp") +
                     "/libc_bench_" + tag + "_XXXXXX";
  const int fd = mkstemp(&path[0]);
  if (fd < 0) Die("cannot create a scratch file");
  unlink(path.c_str());
  return fd;
}

// The process's capability table, as an image's: the console and a
// scratch file granted read-write as "data", so that newlib's fopen("data")
// goes through the table as it does in an image.
bool BootTable() {
  const int data = ScratchFile("newlib");
  using namespace hcall::cap;
  const Grant grants[] = {
      {"stdout", 6, kKindConsole, kRightWrite | kRightStat, 1, 1, 0, 0},
      {"data", 4, kKindFile, kRightsAll, data, kNoPreopen, 0, 0},
  };
  std::vector<uint8_t> blob(manifest_size(grants, 2));
  ManifestError err;
  if (write_manifest({64, uint64_t{1} << 32}, grants, 2, blob.data(),
                     blob.size(), &err) < 0) {
    Die(err.message);
  }
  // The table keeps a view of the manifest: it must outlive the table.
  static std::vector<uint8_t>* const kept = new std::vector<uint8_t>(blob);
  Manifest m;
  if (parse_manifest(kept->data(), kept->size(), &m, &err) != 0) {
    Die(err.message);
  }
  if (process_table().init(m) != 0) Die("Table::init failed");
  return true;
}

const bool kTableReady = kBackendReady && BootTable();

template <void* (*Copy)(void*, const void*, size_t)>
void Memcpy(benchmark::State& state, size_t misalign_dst, size_t misalign_src) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::vector<char> src(n + 128, 'x'), dst(n + 128);
  char* s = reinterpret_cast<char*>(
      (reinterpret_cast<uintptr_t>(src.data()) + 63) & ~uintptr_t{63});
  char* d = reinterpret_cast<char*>(
      (reinterpret_cast<uintptr_t>(dst.data()) + 63) & ~uintptr_t{63});
  s += misalign_src;
  d += misalign_dst;
  for (auto _ : state) {
    benchmark::DoNotOptimize(Copy(d, s, n));
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(n));
}

void* GlibcMemcpy(void* d, const void* s, size_t n) { return memcpy(d, s, n); }

void BM_hcl_memcpy(benchmark::State& state) { Memcpy<hcl_memcpy>(state, 0, 0); }
void BM_glibc_memcpy(benchmark::State& state) {
  Memcpy<GlibcMemcpy>(state, 0, 0);
}
void BM_newlib_memcpy(benchmark::State& state) {
  Memcpy<nlb_memcpy>(state, 0, 0);
}
void BM_hcl_memcpy_unaligned(benchmark::State& state) {
  Memcpy<hcl_memcpy>(state, 1, 3);
}
void BM_newlib_memcpy_unaligned(benchmark::State& state) {
  Memcpy<nlb_memcpy>(state, 1, 3);
}
void BM_glibc_memcpy_unaligned(benchmark::State& state) {
  Memcpy<GlibcMemcpy>(state, 1, 3);
}

#define MEMCPY_SIZES RangeMultiplier(4)->Range(16, 64 << 10)
BENCHMARK(BM_hcl_memcpy)->MEMCPY_SIZES;
BENCHMARK(BM_newlib_memcpy)->MEMCPY_SIZES;
BENCHMARK(BM_glibc_memcpy)->MEMCPY_SIZES;
BENCHMARK(BM_hcl_memcpy_unaligned)->MEMCPY_SIZES;
BENCHMARK(BM_newlib_memcpy_unaligned)->MEMCPY_SIZES;
BENCHMARK(BM_glibc_memcpy_unaligned)->MEMCPY_SIZES;

template <void* (*Set)(void*, int, size_t)>
void Memset(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::vector<char> buf(n + 64);
  char* d = reinterpret_cast<char*>(
      (reinterpret_cast<uintptr_t>(buf.data()) + 63) & ~uintptr_t{63});
  int c = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(Set(d, ++c & 0x7f, n));
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(n));
}

void* GlibcMemset(void* d, int c, size_t n) { return memset(d, c, n); }

void BM_hcl_memset(benchmark::State& state) { Memset<hcl_memset>(state); }
void BM_newlib_memset(benchmark::State& state) { Memset<nlb_memset>(state); }
void BM_glibc_memset(benchmark::State& state) { Memset<GlibcMemset>(state); }
BENCHMARK(BM_hcl_memset)->MEMCPY_SIZES;
BENCHMARK(BM_newlib_memset)->MEMCPY_SIZES;
BENCHMARK(BM_glibc_memset)->MEMCPY_SIZES;

// A string of range(0) bytes, NUL included, whose last character is 'y'
// and all others 'x'.
std::vector<char> TestString(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::vector<char> s(n, 'x');
  s[n - 2] = 'y';
  s[n - 1] = '\0';
  return s;
}

template <size_t (*Len)(const char*)>
void Strlen(benchmark::State& state) {
  const std::vector<char> s = TestString(state);
  for (auto _ : state) {
    benchmark::DoNotOptimize(Len(s.data()));
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          state.range(0));
}

size_t GlibcStrlen(const char* s) { return strlen(s); }

void BM_hcl_strlen(benchmark::State& state) { Strlen<hcl_strlen>(state); }
void BM_newlib_strlen(benchmark::State& state) { Strlen<nlb_strlen>(state); }
void BM_glibc_strlen(benchmark::State& state) { Strlen<GlibcStrlen>(state); }
BENCHMARK(BM_hcl_strlen)->MEMCPY_SIZES;
BENCHMARK(BM_newlib_strlen)->MEMCPY_SIZES;
BENCHMARK(BM_glibc_strlen)->MEMCPY_SIZES;

template <char* (*Chr)(const char*, int)>
void Strchr(benchmark::State& state) {
  const std::vector<char> s = TestString(state);
  for (auto _ : state) {
    benchmark::DoNotOptimize(Chr(s.data(), 'y'));
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          state.range(0));
}

char* GlibcStrchr(const char* s, int c) {
  return const_cast<char*>(strchr(s, c));
}

void BM_hcl_strchr(benchmark::State& state) { Strchr<hcl_strchr>(state); }
void BM_newlib_strchr(benchmark::State& state) { Strchr<nlb_strchr>(state); }
void BM_glibc_strchr(benchmark::State& state) { Strchr<GlibcStrchr>(state); }
BENCHMARK(BM_hcl_strchr)->MEMCPY_SIZES;
BENCHMARK(BM_newlib_strchr)->MEMCPY_SIZES;
BENCHMARK(BM_glibc_strchr)->MEMCPY_SIZES;
#undef MEMCPY_SIZES

void BM_hcl_malloc_free_64(benchmark::State& state) {
  for (auto _ : state) {
    void* p = hcl_malloc(64);
    benchmark::DoNotOptimize(p);
    hcl_free(p);
  }
}
BENCHMARK(BM_hcl_malloc_free_64);

void BM_newlib_malloc_free_64(benchmark::State& state) {
  for (auto _ : state) {
    void* p = nlb_malloc(64);
    benchmark::DoNotOptimize(p);
    nlb_free(p);
  }
}
BENCHMARK(BM_newlib_malloc_free_64);

void BM_glibc_malloc_free_64(benchmark::State& state) {
  for (auto _ : state) {
    void* p = malloc(64);
    benchmark::DoNotOptimize(p);
    free(p);
  }
}
BENCHMARK(BM_glibc_malloc_free_64);

void BM_hcl_snprintf_int(benchmark::State& state) {
  char buf[32];
  int v = 0;
  for (auto _ : state) {
    v += 7919;
    benchmark::DoNotOptimize(hcl_snprintf(buf, sizeof(buf), "%d", v));
  }
}
BENCHMARK(BM_hcl_snprintf_int);

void BM_newlib_snprintf_int(benchmark::State& state) {
  char buf[32];
  int v = 0;
  for (auto _ : state) {
    v += 7919;
    benchmark::DoNotOptimize(nlb_snprintf(buf, sizeof(buf), "%d", v));
  }
}
BENCHMARK(BM_newlib_snprintf_int);

void BM_glibc_snprintf_int(benchmark::State& state) {
  char buf[32];
  int v = 0;
  for (auto _ : state) {
    v += 7919;
    benchmark::DoNotOptimize(snprintf(buf, sizeof(buf), "%d", v));
  }
}
BENCHMARK(BM_glibc_snprintf_int);

// Doubles of every magnitude, the same sequence for both libraries.
double NextDouble(double v) { return v * -1.0000001 + 0.37; }

void BM_newlib_snprintf_g17(benchmark::State& state) {
  char buf[40];
  double v = 1.0 / 3;
  for (auto _ : state) {
    v = NextDouble(v);
    benchmark::DoNotOptimize(nlb_snprintf(buf, sizeof(buf), "%.17g", v));
  }
}
BENCHMARK(BM_newlib_snprintf_g17);

void BM_glibc_snprintf_g17(benchmark::State& state) {
  char buf[40];
  double v = 1.0 / 3;
  for (auto _ : state) {
    v = NextDouble(v);
    benchmark::DoNotOptimize(snprintf(buf, sizeof(buf), "%.17g", v));
  }
}
BENCHMARK(BM_glibc_snprintf_g17);

constexpr const char* kScanInputs[] = {"12345 3.14159265358979", "-7 2.5e-300",
                                       "0 1e22", "2147483647 -0.000123456789"};

void BM_newlib_sscanf_int_double(benchmark::State& state) {
  int i = 0;
  double d = 0;
  size_t k = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        nlb_sscanf(kScanInputs[k++ & 3], "%d %lf", &i, &d));
  }
}
BENCHMARK(BM_newlib_sscanf_int_double);

void BM_glibc_sscanf_int_double(benchmark::State& state) {
  int i = 0;
  double d = 0;
  size_t k = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sscanf(kScanInputs[k++ & 3], "%d %lf", &i, &d));
  }
}
BENCHMARK(BM_glibc_sscanf_int_double);

constexpr size_t kMiB = size_t{1} << 20;

// Each iteration: back to the start, fwrite 1 MiB, fflush (the bytes
// reach the file: the page cache, no fsync).
void BM_newlib_fwrite_1mib(benchmark::State& state) {
  if (!kTableReady) Die("no capability table");
  std::vector<char> buf(kMiB, 'n');
  NewlibFile* f = nlb_fopen("data", "r+");
  if (f == nullptr) Die("newlib: fopen(\"data\", \"r+\") failed");
  for (auto _ : state) {
    nlb_fseek(f, 0, SEEK_SET);
    if (nlb_fwrite(buf.data(), 1, kMiB, f) != kMiB || nlb_fflush(f) != 0) {
      Die("newlib: fwrite failed");
    }
  }
  nlb_fclose(f);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kMiB));
}
BENCHMARK(BM_newlib_fwrite_1mib);

void BM_glibc_fwrite_1mib(benchmark::State& state) {
  std::vector<char> buf(kMiB, 'g');
  FILE* f = fdopen(ScratchFile("glibc"), "r+");
  if (f == nullptr) Die("glibc: fdopen failed");
  for (auto _ : state) {
    fseek(f, 0, SEEK_SET);
    if (fwrite(buf.data(), 1, kMiB, f) != kMiB || fflush(f) != 0) {
      Die("glibc: fwrite failed");
    }
  }
  fclose(f);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kMiB));
}
BENCHMARK(BM_glibc_fwrite_1mib);

}  // namespace

BENCHMARK_MAIN();

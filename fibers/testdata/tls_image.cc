// fibers/testdata/tls_image.cc -- thread-local variables per fiber, in an
// image on every backend (hypercall.h, "Thread-local storage"): the entry
// context's block is set up before the constructors, every new fiber gets
// a fresh block with the initial values, writes stay in the writer's block
// across switches, and the addresses differ per fiber. Prints
// "tls: ok" and exits 0, or names the first check that failed and exits 1.
#include <stddef.h>
#include <stdint.h>

#include "fibers/fiber.h"
#include "format/digits.h"
#include "hypercall/hypercall.h"

HC_DEFINE_IMAGE_ABI_VERSION;

// tls_vars.c
extern "C" {
extern thread_local int tl_init;
extern thread_local int tl_zero;
extern thread_local int64_t tl_aligned;
extern thread_local char tl_text[8];
int* tl_init_address(void);
int* tl_zero_address(void);
int64_t* tl_aligned_address(void);
char* tl_text_address(void);
}

namespace {

namespace fib = hcall::fibers;

thread_local int tl_from_constructor = 1;
int g_failures = 0;

void print(const char* text) {
  size_t n = 0;
  while (text[n] != '\0') ++n;
  hc_write(HC_HANDLE_CONSOLE_OUT, text, n);
}

void check(bool ok, const char* what, int64_t fiber) {
  if (ok) return;
  ++g_failures;
  char digits[hcall::format::kDigitsBufferSize];
  hcall::format::Decimal(static_cast<uint64_t>(fiber), digits);
  print("tls: FAILED in fiber ");
  print(digits);
  print(": ");
  print(what);
  print("\n");
}

__attribute__((constructor)) void Constructor() { tl_from_constructor = 5; }

bool TextIs(const char* want) {
  for (size_t i = 0;; ++i) {
    if (tl_text[i] != want[i]) return false;
    if (want[i] == '\0') return true;
  }
}

// Checks the initial values of a fresh block, as seen by both access
// models, and the ABI's alignment.
void CheckFresh(int64_t n) {
  check(tl_init == 42, "tl_init starts at 42", n);
  check(tl_zero == 0, "tl_zero starts at 0", n);
  check(tl_aligned == 7, "tl_aligned starts at 7", n);
  check(TextIs("fiber"), "tl_text starts as \"fiber\"", n);
  check(&tl_init == tl_init_address(), "extern and local &tl_init agree", n);
  check(&tl_zero == tl_zero_address(), "extern and local &tl_zero agree", n);
  check(&tl_aligned == tl_aligned_address(), "&tl_aligned agree", n);
  check(tl_text == tl_text_address(), "&tl_text agree", n);
  check(reinterpret_cast<uintptr_t>(&tl_aligned) % 64 == 0,
        "tl_aligned is 64-byte aligned", n);
}

constexpr int kFibers = 3;
constexpr int kRounds = 5;
uintptr_t g_address[kFibers + 1];  // &tl_init per fiber, main last

void* Worker(void* arg) {
  const int64_t n = reinterpret_cast<intptr_t>(arg);
  CheckFresh(n);
  check(tl_from_constructor == 1, "the constructor wrote main's block only", n);
  g_address[n] = reinterpret_cast<uintptr_t>(&tl_init);
  for (int round = 0; round < kRounds; ++round) {
    tl_init = static_cast<int>(100 * n + round);
    *tl_zero_address() = static_cast<int>(200 * n + round);
    tl_aligned = 300 * n + round;
    tl_text[0] = static_cast<char>('a' + n);
    fib::Yield();  // every other fiber writes its own values meanwhile
    check(tl_init == 100 * n + round, "tl_init kept across a yield", n);
    check(tl_zero == 200 * n + round, "tl_zero kept across a yield", n);
    check(tl_aligned == 300 * n + round, "tl_aligned kept across a yield", n);
    check(tl_text[0] == 'a' + n, "tl_text kept across a yield", n);
  }
  return nullptr;
}

}  // namespace

extern "C" int hc_main(const struct hc_boot_info*) {
  check(hc_tls_size() != 0, "hc_tls_size() is not 0 in an image with TLS", 0);
  check(tl_from_constructor == 5, "the constructor's write is seen by main", 0);
  CheckFresh(0);
  tl_init = -1;  // the main fiber's own value: new fibers still start at 42
  tl_zero = -2;

  fib::Fiber* fibers[kFibers];
  for (int i = 0; i < kFibers; ++i) {
    check(fib::Create(&fibers[i], &Worker,
                      reinterpret_cast<void*>(static_cast<intptr_t>(i + 1))) ==
              fib::kOk,
          "fibers::Create", 0);
  }
  g_address[0] = reinterpret_cast<uintptr_t>(&tl_init);
  for (int i = 0; i < kFibers; ++i) fib::Join(fibers[i], nullptr);
  for (int i = 0; i <= kFibers; ++i) {
    for (int j = i + 1; j <= kFibers; ++j) {
      check(g_address[i] != g_address[j], "&tl_init differs per fiber", j);
    }
  }
  check(tl_init == -1 && tl_zero == -2, "main's values survive the fibers", 0);
  // A fiber on a reused stack (the scheduler keeps freed stacks) starts
  // from the initial values again, not from the last owner's.
  fib::Fiber* again;
  check(fib::Create(&again, &Worker, reinterpret_cast<void*>(intptr_t{1})) ==
            fib::kOk,
        "fibers::Create again", 0);
  fib::Join(again, nullptr);
  print(g_failures == 0 ? "tls: ok\n" : "tls: FAILED\n");
  return g_failures == 0 ? 0 : 1;
}

// hypercall/baremetal/testdata/fault_image.cc -- probes of the bare-metal
// page protections, one per run, chosen by argv[1] (check_faults.py passes
// it through fw_cfg). A fault probe first prints what must stop it,
//   probe: expect <read|write|execute> at 0x<address>
//   probe: expect <read|write|execute> in 0x<low>..0x<high>   (a range)
//   probe: expect <kind> at any                 (an undefined instruction)
// then does the forbidden access; the backend must report
//   hcall: fault: <kind>, <access> at 0x<address>, pc 0x<pc>
// and end the image with status 126. "mmu" checks what must work (exit 0,
// marker HCALL-MMU-OK): protections that allow, W+X refused with
// HC_EACCES, code written through the API and then executed, and a real
// guard page under every fiber stack.
//
// Probes:
//   mmu             the positive checks above
//   protect-read    write after hc_page_protect(READ)
//   protect-none    read after hc_page_protect(NONE)
//   unmapped        read after hc_page_unmap
//   text            write into the image's own code (hc_main)
//   rodata          write into a const object
//   null            write to address 8
//   exec-rw         call into a freshly mapped read+write page
//   fiber-overflow  unbounded recursion on a fiber: its guard page
//   stack-overflow  unbounded recursion on the boot stack: the page below
//                   it (__stack_guard); the report must still come out
//                   (x86_64 takes faults on a separate IST stack)
//   undefined       __builtin_trap()
// And one measurement, not a check (README "Memory" quotes it):
//   protect-cost    ns per hc_page_protect call (1 page and 64 pages,
//                   READ and back to READ|WRITE), guest MONOTONIC
#include <stddef.h>
#include <stdint.h>

#include "fibers/fiber.h"
#include "format/digits.h"
#include "hypercall/hypercall.h"
#include "hypercall/testdata/image_print.h"

HC_DEFINE_IMAGE_ABI_VERSION;

// The backend's boot stack guard page (start_<arch>_*.S; hidden, but this
// image is linked with the backend).
extern "C" char __stack_guard[];

namespace {

using hc_image::print;
namespace fib = hcall::fibers;

// Code bytes of "return 42" and "return 7" for the CPU (ARM state on arm:
// an even address called through a pointer runs as ARM code).
#if defined(__x86_64__)
const uint8_t k42[] = {0xb8, 0x2a, 0, 0, 0, 0xc3};  // mov $42,%eax; ret
const uint8_t k7[] = {0xb8, 0x07, 0, 0, 0, 0xc3};
#elif defined(__aarch64__)
const uint8_t k42[] = {0x40, 0x05, 0x80, 0x52,   // mov w0, #42
                       0xc0, 0x03, 0x5f, 0xd6};  // ret
const uint8_t k7[] = {0xe0, 0x00, 0x80, 0x52, 0xc0, 0x03, 0x5f, 0xd6};
#elif defined(__arm__)
const uint8_t k42[] = {0x2a, 0x00, 0xa0, 0xe3,   // mov r0, #42
                       0x1e, 0xff, 0x2f, 0xe1};  // bx lr
const uint8_t k7[] = {0x07, 0x00, 0xa0, 0xe3, 0x1e, 0xff, 0x2f, 0xe1};
#endif

extern const uint32_t kRodataWord;
[[gnu::used]] const uint32_t kRodataWord = 0x5a5a5a5a;

bool g_ok = true;

// (v) as 0x and 16 hex digits, as the fault report prints addresses.
void print_hex(uintptr_t v) {
  char text[hcall::format::kDigitsBufferSize];
  hcall::format::Hex(v, text, 16);
  print("0x");
  print(text);
}

void expect_at(const char* access, const void* addr) {
  print("probe: expect ");
  print(access);
  print(" at ");
  print_hex(reinterpret_cast<uintptr_t>(addr));
  print("\n");
}

void check(bool ok, const char* what) {
  if (!ok) {
    print("mmu: FAILED ");
    print(what);
    print("\n");
    g_ok = false;
  }
}

template <typename T>
T* hide(T* p) {  // the compiler may not assume where (p) points
  __asm__ volatile("" : "+r"(p));
  return p;
}

void* map(size_t len, uint32_t prot) {
  void* p = nullptr;
  if (hc_page_map(len, prot, &p) != HC_OK) {
    print("probe: hc_page_map failed\n");
    hc_exit(1);
  }
  return p;
}

using IntFn = int (*)();

void copy(void* dst, const uint8_t* src, size_t len) {
  volatile uint8_t* d = static_cast<volatile uint8_t*>(dst);
  for (size_t i = 0; i < len; ++i) d[i] = src[i];
}

int mmu_checks() {
  const size_t page = hc_page_size();
  const uint32_t rw = HC_PROT_READ | HC_PROT_WRITE;
  void* p = nullptr;
  check(hc_page_map(page, rw | HC_PROT_EXEC, &p) == HC_EACCES,
        "hc_page_map(RWX) is HC_EACCES");
  check(hc_page_map(page, HC_PROT_WRITE | HC_PROT_EXEC, &p) == HC_EACCES,
        "hc_page_map(WX) is HC_EACCES");

  volatile uint32_t* data = static_cast<volatile uint32_t*>(map(2 * page, rw));
  data[0] = 1234;
  check(hc_page_protect(hide(const_cast<uint32_t*>(data)), 2 * page,
                        rw | HC_PROT_EXEC) == HC_EACCES,
        "hc_page_protect(RWX) is HC_EACCES");
  check(hc_page_protect(const_cast<uint32_t*>(data), 2 * page, HC_PROT_READ) ==
            HC_OK,
        "hc_page_protect(READ)");
  check(data[0] == 1234, "read after hc_page_protect(READ)");
  check(hc_page_protect(const_cast<uint32_t*>(data), page, rw) == HC_OK,
        "hc_page_protect(READ|WRITE)");
  data[0] = 99;
  check(data[0] == 99, "write after hc_page_protect(READ|WRITE)");
  check(hc_page_unmap(const_cast<uint32_t*>(data), 2 * page) == HC_OK,
        "hc_page_unmap");
  check(hc_page_protect(const_cast<uint32_t*>(data), page, HC_PROT_READ) ==
            HC_ENOMEM,
        "hc_page_protect of unmapped pages is HC_ENOMEM");

  // Code written through a read+write mapping, then made read+execute.
  void* code = map(page, rw);
  copy(code, k42, sizeof k42);
  check(hc_page_protect(code, page, HC_PROT_READ | HC_PROT_EXEC) == HC_OK,
        "hc_page_protect(READ|EXEC)");
  check(reinterpret_cast<IntFn>(hide(code))() == 42, "call code (42)");
  check(hc_page_protect(code, page, rw) == HC_OK, "back to READ|WRITE");
  copy(code, k7, sizeof k7);
  check(hc_page_protect(code, page, HC_PROT_READ | HC_PROT_EXEC) == HC_OK,
        "hc_page_protect(READ|EXEC) again");
  check(reinterpret_cast<IntFn>(hide(code))() == 7, "call rewritten code (7)");
  // From no access straight to read+execute (the cache maintenance must
  // not touch the page through its old, absent mapping).
  check(hc_page_protect(code, page, HC_PROT_NONE) == HC_OK,
        "hc_page_protect(NONE)");
  check(hc_page_protect(code, page, HC_PROT_READ | HC_PROT_EXEC) == HC_OK,
        "hc_page_protect(NONE -> READ|EXEC)");
  check(reinterpret_cast<IntFn>(hide(code))() == 7, "call code after NONE");

  // Every fiber stack has its guard page.
  fib::Fiber* f = nullptr;
  check(fib::Create(
            &f, [](void*) -> void* { return nullptr; }, nullptr) == fib::kOk,
        "fibers::Create");
  fib::StackInfo info = {};
  check(fib::GetStackInfo(f, &info) == fib::kOk, "fibers::GetStackInfo");
  check(info.guard_size == page, "fiber guard_size == page size");
  check(fib::Join(f, nullptr) == fib::kOk, "fibers::Join");

  if (!g_ok) return 1;
  print("HCALL-MMU-OK\n");
  return 0;
}

// The overflow of fiber_test.cc: deeper than any fiber stack.
volatile int g_recursion_limit = 1 << 30;
__attribute__((noinline)) int Recurse(int depth) {
  volatile char frame[256];
  frame[0] = static_cast<char>(depth);
  if (depth >= g_recursion_limit) return frame[0];
  return Recurse(depth + 1) + frame[0];
}

void* Overflows(void*) {
  return reinterpret_cast<void*>(static_cast<intptr_t>(Recurse(0)));
}

void* YieldsTwice(void*) {
  fib::Yield();
  fib::Yield();
  return nullptr;
}

int fiber_overflow() {
  fib::Fiber* victim = nullptr;
  fib::Create(&victim, &YieldsTwice, nullptr);
  fib::Fiber* bad = nullptr;
  fib::FiberAttr attr;
  attr.stack_size = fib::kMinStackSize;
  fib::Create(&bad, &Overflows, nullptr, &attr);
  fib::StackInfo info = {};
  fib::GetStackInfo(bad, &info);
  const uintptr_t low = reinterpret_cast<uintptr_t>(info.low);
  print("probe: expect write in ");
  print_hex(low - info.guard_size);
  print("..");
  print_hex(low);
  print("\n");
  if (info.guard_size == 0) {
    print("probe: no guard page\n");
    return 1;
  }
  fib::Join(bad, nullptr);
  print("probe: the overflow did not fault\n");
  return 1;
}

uint64_t now_ns() {
  hc_timespec t = {};
  hc_clock_gettime(HC_CLOCK_MONOTONIC, &t);
  return static_cast<uint64_t>(t.tv_sec) * 1000000000u +
         static_cast<uint64_t>(t.tv_nsec);
}

int protect_cost() {
  const size_t page = hc_page_size();
  const uint32_t rw = HC_PROT_READ | HC_PROT_WRITE;
  constexpr int kRounds = 2000;
  const size_t kSizes[] = {1, 64};
  for (size_t pages : kSizes) {
    void* p = map(pages * page, rw);
    const uint64_t start = now_ns();
    for (int i = 0; i < kRounds; ++i) {
      hc_page_protect(p, pages * page, HC_PROT_READ);
      hc_page_protect(p, pages * page, rw);
    }
    const uint64_t per_call = (now_ns() - start) / (2 * kRounds);
    print("protect-cost: pages=");
    hc_image::print_int(static_cast<int64_t>(pages));
    print(" ns_per_call=");
    hc_image::print_int(static_cast<int64_t>(per_call));
    print("\n");
    hc_page_unmap(p, pages * page);
  }
  return 0;
}

bool same(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  if (boot->argc < 2) {
    print("usage: fault_image PROBE\n");
    return 2;
  }
  const char* probe = boot->argv[1];
  const size_t page = hc_page_size();
  const uint32_t rw = HC_PROT_READ | HC_PROT_WRITE;
  if (same(probe, "mmu")) return mmu_checks();
  if (same(probe, "protect-cost")) return protect_cost();
  if (same(probe, "protect-read")) {
    volatile uint32_t* p = static_cast<volatile uint32_t*>(map(page, rw));
    p[3] = 1;
    hc_page_protect(const_cast<uint32_t*>(p), page, HC_PROT_READ);
    expect_at("write", const_cast<uint32_t*>(p + 3));
    p[3] = 2;
  } else if (same(probe, "protect-none")) {
    volatile uint32_t* p = static_cast<volatile uint32_t*>(map(page, rw));
    hc_page_protect(const_cast<uint32_t*>(p), page, HC_PROT_NONE);
    expect_at("read", const_cast<uint32_t*>(p + 5));
    (void)p[5];
  } else if (same(probe, "unmapped")) {
    volatile uint32_t* p = static_cast<volatile uint32_t*>(map(page, rw));
    hc_page_unmap(const_cast<uint32_t*>(p), page);
    expect_at("read", const_cast<uint32_t*>(p));
    (void)p[0];
  } else if (same(probe, "text")) {
    volatile uint8_t* p = hide(reinterpret_cast<volatile uint8_t*>(
        reinterpret_cast<uintptr_t>(&hc_main)));
    expect_at("write", const_cast<uint8_t*>(p));
    *p = 0;
  } else if (same(probe, "rodata")) {
    volatile uint32_t* p = hide(const_cast<volatile uint32_t*>(&kRodataWord));
    expect_at("write", const_cast<uint32_t*>(p));
    *p = 0;
  } else if (same(probe, "null")) {
    volatile uint32_t* p = hide(reinterpret_cast<volatile uint32_t*>(8));
    expect_at("write", const_cast<uint32_t*>(p));
    *p = 0;
  } else if (same(probe, "exec-rw")) {
    void* code = map(page, rw);
    copy(code, k42, sizeof k42);
    expect_at("execute", code);
    reinterpret_cast<IntFn>(hide(code))();
  } else if (same(probe, "fiber-overflow")) {
    return fiber_overflow();
  } else if (same(probe, "stack-overflow")) {
    const uintptr_t guard = reinterpret_cast<uintptr_t>(__stack_guard);
    print("probe: expect write in ");
    print_hex(guard);
    print("..");
    print_hex(guard + page);
    print("\n");
    Recurse(0);
  } else if (same(probe, "undefined")) {
    print("probe: expect execute at any\n");
    __builtin_trap();
  } else {
    print("fault_image: unknown probe ");
    print(probe);
    print("\n");
    return 2;
  }
  print("probe: NOT STOPPED\n");
  return 1;
}

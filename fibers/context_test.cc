// Tests of the raw context switch (fibers/context.h and the per-arch
// assembly), without the scheduler: ping-pong, callee-saved registers
// (integer and d8-d15), stack alignment at entry. Linux backend (for pages).
#include "fibers/context.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gtest/gtest.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"

namespace hcall::fibers::internal {
namespace {

class ContextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(hc_linux::hosted_init(), HC_OK);
    len_ = 16 * hc_page_size();
    ASSERT_EQ(hc_page_map(len_, HC_PROT_READ | HC_PROT_WRITE, &stack_), 0);
  }
  void TearDown() override { hc_page_unmap(stack_, len_); }

  void* StackTop() { return static_cast<char*>(stack_) + len_; }

  void* stack_ = nullptr;
  size_t len_ = 0;
};

// Shared by the contexts of one test.
void* g_main_sp;
void* g_other_sp;
int g_counter;

void PingPongEntry(void* arg) {
  const int rounds = *static_cast<int*>(arg);
  for (int i = 0; i < rounds; ++i) {
    EXPECT_EQ(g_counter, 2 * i + 1);
    ++g_counter;
    hcall_fibers_switch(&g_other_sp, g_main_sp);
  }
  for (;;) hcall_fibers_switch(&g_other_sp, g_main_sp);
}

TEST_F(ContextTest, PingPong) {
  int rounds = 1000;
  g_counter = 0;
  g_other_sp = InitialFrame(StackTop(), &PingPongEntry, &rounds);
  for (int i = 0; i < rounds; ++i) {
    EXPECT_EQ(g_counter, 2 * i);
    ++g_counter;
    hcall_fibers_switch(&g_main_sp, g_other_sp);
  }
  EXPECT_EQ(g_counter, 2 * rounds);
}

TEST_F(ContextTest, InitialFrameIsBelowTheTopAndAligned) {
  void* sp = InitialFrame(StackTop(), &PingPongEntry, nullptr);
  EXPECT_EQ(static_cast<char*>(StackTop()) - static_cast<char*>(sp),
            HCALL_FIBERS_FRAME_SIZE);
}

// Overwrites every callee-saved register the compiler lets an asm clobber
// (not the frame pointer), then switches back.
void ClobberEntry(void*) {
  for (;;) {
#if defined(__x86_64__)
    __asm__ volatile(
        "movq $-1, %%rbx\n\tmovq $-1, %%r12\n\tmovq $-1, %%r13\n\t"
        "movq $-1, %%r14\n\tmovq $-1, %%r15\n\t" ::
            : "rbx", "r12", "r13", "r14", "r15");
#elif defined(__aarch64__)
    __asm__ volatile(
        "mov x19, #-1\n\tmov x20, #-1\n\tmov x21, #-1\n\tmov x22, #-1\n\t"
        "mov x23, #-1\n\tmov x24, #-1\n\tmov x25, #-1\n\tmov x26, #-1\n\t"
        "mov x27, #-1\n\tmov x28, #-1\n\t"
        "fmov d8, #-1.0\n\tfmov d9, #-1.0\n\tfmov d10, #-1.0\n\t"
        "fmov d11, #-1.0\n\tfmov d12, #-1.0\n\tfmov d13, #-1.0\n\t"
        "fmov d14, #-1.0\n\tfmov d15, #-1.0\n\t" ::
            : "x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27",
              "x28", "d8", "d9", "d10", "d11", "d12", "d13", "d14", "d15");
#elif defined(__arm__)
    __asm__ volatile(
        "mov r4, #0\n\tmov r5, #0\n\tmov r6, #0\n\tmov r8, #0\n\t"
        "mov r9, #0\n\tmov r10, #0\n\t"
        "vmov.f64 d8, #-1.0\n\tvmov.f64 d9, #-1.0\n\tvmov.f64 d10, #-1.0\n\t"
        "vmov.f64 d11, #-1.0\n\tvmov.f64 d12, #-1.0\n\t"
        "vmov.f64 d13, #-1.0\n\tvmov.f64 d14, #-1.0\n\t"
        "vmov.f64 d15, #-1.0\n\t" ::
            : "r4", "r5", "r6", "r8", "r9", "r10", "d8", "d9", "d10", "d11",
              "d12", "d13", "d14", "d15");
#endif
    hcall_fibers_switch(&g_other_sp, g_main_sp);
  }
}

// Keeps many integer and floating-point values live across the switch, so
// the compiler holds them in callee-saved registers (d8-d15 on arm and
// aarch64).
__attribute__((noinline)) void CheckValuesSurvive(volatile uint64_t* seed) {
  uint64_t i0 = *seed + 1, i1 = *seed + 2, i2 = *seed + 3, i3 = *seed + 4;
  uint64_t i4 = *seed + 5, i5 = *seed + 6, i6 = *seed + 7, i7 = *seed + 8;
  double d0 = static_cast<double>(*seed) + 0.5, d1 = d0 * 2, d2 = d0 * 3,
         d3 = d0 * 4, d4 = d0 * 5, d5 = d0 * 6, d6 = d0 * 7, d7 = d0 * 8;
  for (int round = 0; round < 3; ++round) {
    hcall_fibers_switch(&g_main_sp, g_other_sp);
    EXPECT_EQ(i0 + i1 + i2 + i3 + i4 + i5 + i6 + i7, 8 * *seed + 36);
    EXPECT_EQ(i0 * i7 - i1 * i6,
              (*seed + 1) * (*seed + 8) - (*seed + 2) * (*seed + 7));
    EXPECT_EQ(d0 + d1 + d2 + d3 + d4 + d5 + d6 + d7, d0 * 36);
    EXPECT_EQ(d7 - d6 + d5 - d4 + d3 - d2 + d1, d0 * 5);
    i0 += 0;
    d0 *= 1.0;
  }
}

TEST_F(ContextTest, CalleeSavedRegistersSurvive) {
  g_other_sp = InitialFrame(StackTop(), &ClobberEntry, nullptr);
  volatile uint64_t seed = 1000;
  CheckValuesSurvive(&seed);
}

// printf of a double uses aligned vector stores on x86_64 and checks the
// ABI's stack alignment everywhere; a misaligned entry stack would crash.
char g_text[64];
uintptr_t g_entry_frame;

void FormatEntry(void* arg) {
  g_entry_frame = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  snprintf(g_text, sizeof g_text, "%.3f %s", *static_cast<double*>(arg), "ok");
  for (;;) hcall_fibers_switch(&g_other_sp, g_main_sp);
}

TEST_F(ContextTest, EntryRunsOnAnAlignedStack) {
  double value = 2.5;
  g_other_sp = InitialFrame(StackTop(), &FormatEntry, &value);
  hcall_fibers_switch(&g_main_sp, g_other_sp);
  EXPECT_STREQ(g_text, "2.500 ok");
  EXPECT_GT(g_entry_frame, reinterpret_cast<uintptr_t>(stack_));
  EXPECT_LE(g_entry_frame, reinterpret_cast<uintptr_t>(StackTop()));
#if defined(__x86_64__) || defined(__aarch64__)
  EXPECT_EQ(g_entry_frame % 16, 0u);
#endif
}

}  // namespace
}  // namespace hcall::fibers::internal

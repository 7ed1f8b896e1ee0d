// hypercall/baremetal/clock_x86_64.cc -- the tick counter and wake-up on
// x86_64 microvm: the TSC counts (QEMU TCG: the host's TSC rate; KVM: the
// guest TSC), the local APIC timer wakes HLT. Neither rate is reported by
// the machine, so both are calibrated at boot against the i8254 PIT
// (1193182 Hz, microvm's pit=auto: present unless pit=off or KVM's
// in-kernel irqchip replaces it) over kCalibrationPitTicks (10 ms).
// The 8259 PIC and the LAPIC's LINT0/LINT1 are masked: only the LAPIC
// timer interrupts, and only while the CPU halts in timer_idle_until().
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/baremetal/cpu.h"
#include "hypercall/baremetal/mmio.h"
#include "hypercall/baremetal/trap_x86_64.h"
#include "hypercall/hypercall.h"

namespace hc_bm {
namespace {

constexpr uint64_t kPitHz = 1193182;
constexpr uint32_t kCalibrationPitTicks = 11932;  // 10 ms

constexpr uint16_t kPitChannel0 = 0x40;
constexpr uint16_t kPitCommand = 0x43;
constexpr uint8_t kPitLatch0 = 0x00;
constexpr uint8_t kPitRateGenerator0 = 0x34;  // ch 0, lo/hi, mode 2, binary
constexpr uint8_t kPitOneShot0 = 0x30;        // ch 0, lo/hi, mode 0, binary

constexpr uint16_t kPic1Data = 0x21;
constexpr uint16_t kPic2Data = 0xa1;

constexpr uintptr_t kLapicSvr = kLapicBase + 0x0f0;
constexpr uintptr_t kLapicLvtTimer = kLapicBase + 0x320;
constexpr uintptr_t kLapicLvtLint0 = kLapicBase + 0x350;
constexpr uintptr_t kLapicLvtLint1 = kLapicBase + 0x360;
constexpr uintptr_t kLapicInitialCount = kLapicBase + 0x380;
constexpr uintptr_t kLapicCurrentCount = kLapicBase + 0x390;
constexpr uintptr_t kLapicDivide = kLapicBase + 0x3e0;
constexpr uint32_t kLapicEnable = 1u << 8;
constexpr uint32_t kLvtMasked = 1u << 16;
constexpr uint32_t kDivideBy16 = 0x3;

uint64_t g_tsc_hz;
uint64_t g_lapic_hz;

// One reading of PIT channel 0 and the TSC at the moment it was latched:
// the midpoint of TSC reads just before and after the latch command (the
// port reads that follow may be delayed by QEMU; the latched count is not).
struct PitSample {
  uint16_t count;
  uint64_t tsc;
  uint64_t spread;  // TSC ticks between the two reads
};

PitSample read_pit() {
  const uint64_t before = rdtsc();
  outb(kPitCommand, kPitLatch0);
  const uint64_t after = rdtsc();
  const uint8_t lo = inb(kPitChannel0);
  const uint8_t hi = inb(kPitChannel0);
  return {static_cast<uint16_t>(lo | (hi << 8)), before + (after - before) / 2,
          after - before};
}

// Waits for the PIT count to change and returns the first sample after
// the edge, retrying while the latch took long (QEMU was busy).
PitSample next_edge(PitSample prev, uint64_t max_spread) {
  for (;;) {
    const PitSample s = read_pit();
    if (s.count != prev.count && s.spread <= max_spread) return s;
    prev = s;
  }
}

}  // namespace

hc_status_t timer_init() {
  outb(kPic1Data, 0xff);
  outb(kPic2Data, 0xff);
  mmio_write32(kLapicSvr, kLapicEnable | kSpuriousVector);
  mmio_write32(kLapicLvtLint0, kLvtMasked);
  mmio_write32(kLapicLvtLint1, kLvtMasked);
  mmio_write32(kLapicDivide, kDivideBy16);
  mmio_write32(kLapicLvtTimer, kLvtMasked | kTimerVector);
  mmio_write32(kLapicInitialCount, 0xffffffffu);

  // PIT channel 0 counts down from 65536 and wraps; start at an edge.
  outb(kPitCommand, kPitRateGenerator0);
  outb(kPitChannel0, 0);
  outb(kPitChannel0, 0);
  // The fastest latch seen while warming up bounds what counts as prompt.
  PitSample prev = read_pit();
  uint64_t fastest = prev.spread;
  for (int i = 0; i < 16; ++i) {
    const PitSample s = read_pit();
    if (s.spread < fastest) fastest = s.spread;
    prev = s;
  }
  const uint64_t max_spread = 4 * fastest + 64;
  const PitSample first = next_edge(prev, max_spread);
  const uint32_t lapic0 = mmio_read32(kLapicCurrentCount);
  uint32_t elapsed = 0;
  prev = first;
  PitSample last = first;
  while (elapsed < kCalibrationPitTicks) {
    last = read_pit();
    elapsed += static_cast<uint16_t>(prev.count - last.count);
    prev = last;
  }
  // End on a prompt sample right after an edge, like the start.
  last = next_edge(last, max_spread);
  elapsed += static_cast<uint16_t>(prev.count - last.count);
  const uint32_t lapic1 = mmio_read32(kLapicCurrentCount);
  const uint64_t tsc0 = first.tsc;
  const uint64_t tsc1 = last.tsc;
  mmio_write32(kLapicInitialCount, 0);
  // Leave the PIT in one-shot mode: it stops after one count.
  outb(kPitCommand, kPitOneShot0);
  outb(kPitChannel0, 1);
  outb(kPitChannel0, 0);

  if (tsc1 <= tsc0 || lapic0 <= lapic1) return HC_EIO;
  g_tsc_hz = (tsc1 - tsc0) * kPitHz / elapsed;
  g_lapic_hz = uint64_t{lapic0 - lapic1} * kPitHz / elapsed;
  return g_tsc_hz != 0 && g_lapic_hz != 0 ? HC_OK : HC_EIO;
}

uint64_t timer_hz() { return g_tsc_hz; }

uint64_t timer_ticks() { return rdtsc(); }

void timer_idle_until(uint64_t deadline) {
  const uint64_t now = rdtsc();
  if (now >= deadline) return;
  uint64_t delta = deadline - now;
  if (delta > g_tsc_hz) delta = g_tsc_hz;  // at most one second per halt
  uint64_t count = delta * g_lapic_hz / g_tsc_hz + 1;
  if (count > 0xffffffffu) count = 0xffffffffu;
  mmio_write32(kLapicLvtTimer, kTimerVector);  // one-shot, unmasked
  mmio_write32(kLapicInitialCount, static_cast<uint32_t>(count));
  halt_until_interrupt();
  mmio_write32(kLapicInitialCount, 0);
  mmio_write32(kLapicLvtTimer, kLvtMasked | kTimerVector);
}

}  // namespace hc_bm

// hypercall/baremetal/clock_gtimer.cc -- the tick counter and wake-up on
// Arm (virt, arm and aarch64): the generic timer's virtual counter
// (CNTVCT; frequency from CNTFRQ, which QEMU sets: 62.5 MHz in 7.2) and
// its virtual timer (CNTV_CVAL/CTL, PPI 27) routed through the GICv2 of
// virt (distributor 0x08000000, CPU interface 0x08010000).
//
// Interrupts stay masked in the CPU (DAIF.I / CPSR.I): WFI ends when an
// interrupt is pending even if it is masked, so no IRQ handler exists.
// After the wake-up the timer is disabled and the GIC's pending bit
// cleared.
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/baremetal/cpu.h"
#include "hypercall/baremetal/mmio.h"
#include "hypercall/hypercall.h"

namespace hc_bm {
namespace {

constexpr uintptr_t kGicd = 0x08000000;
constexpr uintptr_t kGicc = 0x08010000;
constexpr uintptr_t kGicdCtlr = kGicd + 0x000;
constexpr uintptr_t kGicdIsenabler0 = kGicd + 0x100;
constexpr uintptr_t kGicdIcpendr0 = kGicd + 0x280;
constexpr uintptr_t kGiccCtlr = kGicc + 0x000;
constexpr uintptr_t kGiccPmr = kGicc + 0x004;
constexpr uint32_t kVirtualTimerIntid = 27;  // PPI 11

constexpr uint32_t kTimerEnable = 1u << 0;  // CNTV_CTL.ENABLE, IMASK = 0

uint64_t g_hz;

}  // namespace

hc_status_t timer_init() {
  g_hz = gtimer_frequency();
  if (g_hz == 0) return HC_EIO;
  gtimer_set_control(0);
  mmio_write32(kGicdCtlr, 1);
  mmio_write32(kGicdIsenabler0, 1u << kVirtualTimerIntid);
  mmio_write32(kGiccPmr, 0xff);
  mmio_write32(kGiccCtlr, 1);
  return HC_OK;
}

uint64_t timer_hz() { return g_hz; }

uint64_t timer_ticks() { return gtimer_count(); }

void timer_idle_until(uint64_t deadline) {
  gtimer_set_compare(deadline);
  gtimer_set_control(kTimerEnable);
  // An interrupt that fired before the WFI is pending: WFI returns at once.
  if (gtimer_count() < deadline) wait_for_interrupt();
  gtimer_set_control(0);
  mmio_write32(kGicdIcpendr0, 1u << kVirtualTimerIntid);
}

}  // namespace hc_bm

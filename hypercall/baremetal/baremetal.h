// hypercall/baremetal/baremetal.h -- internal interfaces of the bare-metal
// backend. Not part of the ABI.
//
// The backend is "common + machine + CPU":
//   common (all machines):  entry.cc io.cc console.cc memory.cc clock.cc
//                           block.cc random.cc virtio.cc fwcfg.cc process.cc
//                           trap.cc
//   per CPU's MMU:          mmu_<arch>.cc (page tables, fault decoding)
//   QEMU virt (arm, aarch64): machine_virt.cc (also the no-op trap_init)
//                           console_pl011.cc clock_gtimer.cc (generic
//                           timer + GICv2) process_semihosting.cc
//   QEMU microvm (x86_64):  machine_microvm.cc console_16550.cc
//                           clock_x86_64.cc (TSC + LAPIC timer, PIT
//                           calibration) process_debug_exit.cc
//                           trap_x86_64.cc (IDT)
//   per CPU:                start_<arch>_<abi>_elf_gas.S, cpu_<arch>.h,
//                           aeabi_arm.cc (arm only)
// The functions below are what the common part needs from the others.
#ifndef HCALL_HYPERCALL_BAREMETAL_BAREMETAL_H_
#define HCALL_HYPERCALL_BAREMETAL_BAREMETAL_H_

#include <stddef.h>
#include <stdint.h>

#include "hypercall/hypercall.h"

namespace hc_bm {

constexpr size_t kPageSize = 4096;
constexpr uint64_t kNsecPerSec = 1000000000;

// First block device handle; block devices are 3, 4, ... in discovery order.
constexpr hc_handle_t kFirstBlockHandle = 3;

// Physical RAM [start, end) the page allocator may hand out.
struct RamRange {
  uintptr_t start;
  uintptr_t end;
};

// ---- machine_<machine>.cc ----------------------------------------------
// Finds the RAM above the image from what the machine reports: the device
// tree on virt (at the base of RAM), the PVH start_info memory map on
// microvm ((boot_arg) is the start_info address; unused on virt).
// Returns 0, or HC_EIO if the machine reports nothing usable.
hc_status_t machine_ram(uintptr_t boot_arg, RamRange* ram);
// The virtio-mmio transport windows, in the order QEMU fills them from the
// command line (the first -device first).
size_t machine_virtio_count();
uintptr_t machine_virtio_base(size_t index);
// fw_cfg: selects item (key); reads the next (len) bytes of it.
void fwcfg_select(uint16_t key);
void fwcfg_read_bytes(void* buf, size_t len);
// Seconds since 1970-01-01T00:00:00Z from the machine's RTC, or -1.
int64_t rtc_seconds();
// Relays (status) (0..255) to the host and stops. Never returns.
[[noreturn]] void machine_exit(uint32_t status);
// Status relayed by hc_abort() and by fatal boot errors.
extern const uint32_t kAbortStatus;

// ---- console_<uart>.cc -------------------------------------------------
void uart_init();
void uart_putc(char c);
// Takes one received byte into (c) and returns true, or returns false at
// once if the UART holds none. Never waits.
bool uart_getc(char* c);

// ---- clock_<timer>.cc --------------------------------------------------
// Reads or calibrates the tick frequency and prepares the wake-up
// interrupt. Returns 0 or HC_EIO.
hc_status_t timer_init();
uint64_t timer_hz();
uint64_t timer_ticks();  // monotonic, 0 near machine reset
// Idles the CPU (WFI/HLT) until an interrupt, at the latest until
// timer_ticks() reaches (deadline). MAY return early; callers loop.
void timer_idle_until(uint64_t deadline);

// ---- trap_<arch> / trap.cc ----------------------------------------------
void trap_init();  // installs the exception vectors that are not in asm

// A CPU fault as trap.cc reports it: "hcall: fault: (kind), (access) at
// (address), pc (pc)", then the image ends with kFaultStatus.
struct FaultReport {
  const char* kind;    // "page fault", "data abort", "undefined instruction"...
  const char* access;  // "read", "write" or "execute"
  uintptr_t address;   // the faulting data address, or the PC for execute
  uintptr_t pc;
};
// Decodes what hc_bm_cpu_exception() received (see trap.cc) into (report).
// Returns false for an exception that is not a fault (it is then reported
// as an unexpected CPU exception, with kAbortStatus).
bool fault_decode(uintptr_t vector, uintptr_t a, uintptr_t b, uintptr_t c,
                  FaultReport* report);
// Status relayed after a fault: 126 on every machine (fits isa-debug-exit,
// distinct from the abort status).
constexpr uint32_t kFaultStatus = 126;

// ---- mmu_<arch>.cc -------------------------------------------------------
// True where the page tables enforce protections (hc_page_protect works).
extern const bool kMmuEnforces;
// Builds the page tables (after memory_init: they come from the page
// allocator) and turns them on: text read+execute, rodata read-only,
// data/bss/stack read+write no-execute, page 0 and the page below the boot
// stack unmapped, devices as device memory, allocator pages in use
// read+write, free ones unmapped. Returns 0 or HC_ENOMEM.
hc_status_t mmu_init(const RamRange& ram);
// Gives the pages [addr, addr+len) of the allocator's range the access
// (prot) (HC_PROT_NONE: unmapped), with the TLB and cache maintenance it
// needs (instruction cache included when (prot) has HC_PROT_EXEC).
void mmu_protect(uintptr_t addr, size_t len, uint32_t prot);

// ---- common parts, initialised by entry.cc in this order -----------------
void console_write(const char* text, size_t len);
// hc_read of the console input (handle 0), see console.cc.
hc_ssize_t console_read(char* buf, size_t len);
void console_puts(const char* text);
void console_put_hex(uint64_t value);
void console_put_dec(uint64_t value);
hc_status_t memory_init(const RamRange& ram);  // then mmu_init(ram)
// Allocates (len) bytes (a multiple of kPageSize) of zeroed pages, or
// returns nullptr. Used by the boot code; hc_page_map() is the same.
void* page_alloc(size_t len);
// True if (addr) is a page of the allocator's range that is not in use.
bool page_is_free(uintptr_t addr);
// The protection mmu_init() gives the RAM page at (page) below the end of
// the allocator's range: page 0 and __stack_guard (below the boot stack)
// HC_PROT_NONE, RAM below the image read+write, text read+execute, rodata
// (to __rodata_end) read-only, data/bss/bitmap and pages in use
// read+write, free pages HC_PROT_NONE.
uint32_t boot_page_prot(uintptr_t page);
hc_status_t clock_init();
void block_init();  // virtio-blk devices become handles 3, 4, ...
void random_init();
// tls.cc: gives the boot context a TLS block if the image has thread-local
// variables (the linker script's __hc_tls_* symbols). Returns 0 or
// hc_page_map's error.
hc_status_t tls_init();
bool fwcfg_present();
// Finds fw_cfg file (name); stores its selector and size. Returns false if
// fw_cfg or the file is missing.
bool fwcfg_find(const char* name, uint16_t* key, uint32_t* size);

// Block handles (block.cc), for io.cc. (handle) >= kFirstBlockHandle.
bool block_valid(hc_handle_t handle);
hc_status_t block_stat(hc_handle_t handle, struct hc_stat* st);
hc_ssize_t block_pread(hc_handle_t handle, void* buf, size_t len,
                       uint64_t offset);
hc_ssize_t block_pwrite(hc_handle_t handle, const void* buf, size_t len,
                        uint64_t offset);
hc_status_t block_fsync(hc_handle_t handle);
uint64_t* block_position(hc_handle_t handle);

// Prints "hcall: (what)" and ends the image with kAbortStatus.
[[noreturn]] void fatal(const char* what, hc_status_t status);

}  // namespace hc_bm

// ---- called from start_<arch>_*.S --------------------------------------
extern "C" {
// entry.cc: the boot, after the assembly set up a stack.
__attribute__((noreturn, visibility("hidden"))) void hc_bm_start(
    uintptr_t boot_arg);
// trap.cc: every CPU exception the vectors catch.
__attribute__((noreturn, visibility("hidden"))) void hc_bm_cpu_exception(
    uintptr_t vector, uintptr_t a, uintptr_t b, uintptr_t c);
}

#endif  // HCALL_HYPERCALL_BAREMETAL_BAREMETAL_H_

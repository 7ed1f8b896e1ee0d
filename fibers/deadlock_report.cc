// fibers/deadlock_report.cc -- what the scheduler prints before it aborts
// because every live fiber is blocked and none has a deadline: each
// blocked fiber, what it waits on and who holds that. Written straight to
// the error console through a small buffer (no allocation: memory may be
// what ran out).
#include <stddef.h>
#include <stdint.h>

#include "fibers/fiber.h"
#include "fibers/internal/scheduler.h"
#include "fibers/internal/state.h"
#include "format/digits.h"
#include "hypercall/hypercall.h"

namespace hcall::fibers::internal {
namespace {

class Report {
 public:
  ~Report() { Flush(); }

  Report& Str(const char* s) {
    while (*s != '\0') Put(*s++);
    return *this;
  }

  Report& Dec(uint64_t v) {
    char text[format::kDigitsBufferSize];
    format::Decimal(v, text);
    return Str(text);
  }

  Report& Hex(uintptr_t v) {
    char text[format::kDigitsBufferSize];
    format::Hex(v, text);
    return Str("0x").Str(text);
  }

  Report& FiberName(const Fiber* f) {
    Str("fiber ").Dec(f->id);
    if (f->name != nullptr) Str(" \"").Str(f->name).Str("\"");
    return *this;
  }

  void Flush() {
    size_t done = 0;
    while (done < len_) {
      const hc_ssize_t n =
          hc_write(HC_HANDLE_CONSOLE_ERR, buf_ + done, len_ - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    len_ = 0;
  }

 private:
  void Put(char c) {
    if (len_ == sizeof(buf_)) Flush();
    buf_[len_++] = c;
  }

  char buf_[128];
  size_t len_ = 0;
};

}  // namespace

void (*g_before_abort)() = nullptr;

[[noreturn]] void DeadlockReport() {
  if (g_before_abort != nullptr) {
    void (*hook)() = g_before_abort;
    g_before_abort = nullptr;  // once, even if the hook deadlocks
    hook();
  }
  {
    size_t blocked = 0;
    for (const Fiber* f = g.all_head; f != nullptr; f = f->all_next) {
      if (f->state == kBlocked) ++blocked;
    }
    Report r;
    r.Str("hcall fibers: deadlock: all ")
        .Dec(blocked)
        .Str(" live fibers are blocked and none has a deadline\n");
    for (const Fiber* f = g.all_head; f != nullptr; f = f->all_next) {
      if (f->state != kBlocked) continue;
      r.Str("  ").FiberName(f);
      if (f == g_current) r.Str(" (current)");
      r.Str(": waits on ");
      const WaitReason* why = f->wait_reason;
      r.Str(why != nullptr && why->what != nullptr ? why->what : "?");
      if (f->wait_object != nullptr) {
        r.Str(" ").Hex(reinterpret_cast<uintptr_t>(f->wait_object));
      }
      const Fiber* holder = why != nullptr && why->holder != nullptr
                                ? why->holder(f->wait_object)
                                : nullptr;
      if (holder != nullptr) r.Str(" held by ").FiberName(holder);
      r.Str("\n");
    }
    r.Str("hcall fibers: aborting\n");
  }
  hc_abort();
}

}  // namespace hcall::fibers::internal

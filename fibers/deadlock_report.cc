// fibers/deadlock_report.cc -- what the scheduler prints before it aborts
// because every live fiber is blocked and none has a deadline: each
// blocked fiber, what it waits on and who holds that. Written straight to
// the error console through a small window (no allocation: memory may be
// what ran out), with //format:text's pieces.
#include <stddef.h>
#include <stdint.h>

#include "fibers/fiber.h"
#include "fibers/internal/scheduler.h"
#include "fibers/internal/state.h"
#include "format/printf_core.h"
#include "format/text.h"
#include "hypercall/hypercall.h"

namespace hcall::fibers::internal {
namespace {

// The report's drain: every byte to the error console, or as many as it
// takes.
void WriteToConsole(void*, const char* bytes, size_t len) {
  size_t done = 0;
  while (done < len) {
    const hc_ssize_t n =
        hc_write(HC_HANDLE_CONSOLE_ERR, bytes + done, len - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
}

format::TextOut& FiberName(format::TextOut& out, const Fiber* f) {
  out.Str("fiber ").Dec(f->id);
  if (f->name != nullptr) out.Str(" \"").Str(f->name).Str("\"");
  return out;
}

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
    char window[128];
    format::Sink sink{window, sizeof(window), 0, 0, &WriteToConsole, nullptr};
    format::TextOut r(&sink);
    r.Str("hcall fibers: deadlock: all ")
        .Dec(blocked)
        .Str(" live fibers are blocked and none has a deadline\n");
    for (const Fiber* f = g.all_head; f != nullptr; f = f->all_next) {
      if (f->state != kBlocked) continue;
      FiberName(r.Str("  "), f);
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
      if (holder != nullptr) FiberName(r.Str(" held by "), holder);
      r.Str("\n");
    }
    r.Str("hcall fibers: aborting\n");
    r.Flush();
  }
  hc_abort();
}

}  // namespace hcall::fibers::internal

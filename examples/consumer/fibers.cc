// fibers.cc -- a C++ image composed from hcall's fibers and its namespaced
// libc: two fibers hand a token back and forth 1000 times and check that
// they strictly alternate.
#include "fibers/fiber.h"
#include "hcl/stdio.h"

namespace {

constexpr int kRounds = 1000;
int g_turn = 0;  // whose turn: 0 ping, 1 pong
int g_out_of_order = 0;

void* Player(void* arg) {
  const int me = static_cast<int>(reinterpret_cast<long>(arg));
  for (int i = 0; i < kRounds; ++i) {
    if (g_turn != me) ++g_out_of_order;
    g_turn = 1 - me;
    hcall::fibers::Yield();
  }
  return nullptr;
}

}  // namespace

int main() {
  namespace fibers = hcall::fibers;
  fibers::Fiber* ping = nullptr;
  fibers::Fiber* pong = nullptr;
  if (fibers::Create(&ping, Player, reinterpret_cast<void*>(0L)) !=
          fibers::kOk ||
      fibers::Create(&pong, Player, reinterpret_cast<void*>(1L)) !=
          fibers::kOk) {
    hcl_printf("fibers: cannot create the players\n");
    return 1;
  }
  if (fibers::Join(ping, nullptr) != fibers::kOk ||
      fibers::Join(pong, nullptr) != fibers::kOk) {
    hcl_printf("fibers: join failed\n");
    return 1;
  }
  if (g_out_of_order != 0) {
    hcl_printf("ping-pong: %d turns out of order\n", g_out_of_order);
    return 1;
  }
  hcl_printf("ping-pong: %d round trips in order\n", kRounds);
  return 0;
}

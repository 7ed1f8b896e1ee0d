// libc_shim/testdata/shim_cxx.cc -- C++17 in a libc = "shim" image, with
// no C++ header: new/delete (plain, array, over-aligned) on the shim's
// allocator, virtual calls through a base with a pure virtual function,
// a static object with a constructor and a destructor, a function-local
// static with a dynamic initializer. Modes (argv[1]):
//   (none)  prints each check, then "SHIM CXX OK", exits 0
//   oom     new of more than --memory allows: must print
//           "operator new: out of memory (N bytes)" and abort (134)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

namespace {

int g_live = 0;  // objects constructed and not yet destroyed

struct Shape {
  Shape() { ++g_live; }
  virtual ~Shape() { --g_live; }
  virtual long Area() const = 0;
};

struct Rect : Shape {
  Rect(long w, long h) : w_(w), h_(h) {}
  long Area() const override { return w_ * h_; }
  long w_, h_;
};

struct Square : Rect {
  Square(long s = 0) : Rect(s, s) {}  // NOLINT: implicit for new[]{...}
};

struct alignas(64) Line {
  char bytes[64];
};

struct Greeter {
  Greeter() : text("constructed before main") {}
  ~Greeter() { text = nullptr; }
  const char* text;
};
Greeter g_greeter;

volatile int g_base = 41;

int Answer() { return g_base; }

int Counter() {
  static int counter = Answer();  // dynamic initialisation, once
  return ++counter;
}

#define CHECK(cond)                                      \
  do {                                                   \
    if (!(cond)) {                                       \
      printf("FAILED: %s (line %d)\n", #cond, __LINE__); \
      exit(1);                                           \
    }                                                    \
  } while (0)

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "oom") == 0) {
    // 1 GiB: more than the default --memory (64M) lets the image map.
    const size_t size = static_cast<size_t>(1) << 30;
    char* p = new char[size];
    printf("FAILED: new char[%zu] returned %p\n", size, static_cast<void*>(p));
    return 1;
  }

  Shape* shapes[] = {new Rect(3, 4), new Square(5)};
  CHECK(g_live == 2);
  long total = 0;
  for (Shape* s : shapes) total += s->Area();
  CHECK(total == 37);
  for (Shape* s : shapes) delete s;
  CHECK(g_live == 0);
  printf("virtual calls and delete through the base: total %ld\n", total);

  Square* squares = new Square[10]{Square(1), Square(2), Square(3)};
  CHECK(g_live == 10);
  CHECK(squares[2].Area() == 9 && squares[9].Area() == 0);
  delete[] squares;
  CHECK(g_live == 0);
  printf("new[] and delete[]: 10 constructed, 10 destroyed\n");

  Line* lines = new Line[3];
  CHECK(reinterpret_cast<uintptr_t>(lines) % 64 == 0);
  memset(lines, 'x', sizeof(Line) * 3);
  delete[] lines;
  Line* line = new Line;
  CHECK(reinterpret_cast<uintptr_t>(line) % 64 == 0);
  delete line;
  printf("alignas(64): aligned\n");

  int* empty = new int[0];
  CHECK(empty != nullptr);
  delete[] empty;

  CHECK(g_greeter.text != nullptr);
  printf("static object: %s\n", g_greeter.text);
  CHECK(Counter() == 42 && Counter() == 43);
  printf("function-local static: initialised once\n");

  auto scale = [k = argc + 1](long v) { return v * k; };
  CHECK(scale(total) == 74);
  printf("SHIM CXX OK\n");
  return 0;
}

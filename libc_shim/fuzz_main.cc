// libc_shim/fuzz_main.cc -- a plain main() for the libFuzzer targets of
// this package, so that their seed corpora run as regression tests with
// GCC on every platform: each argument is a file, or a directory whose
// files (sorted by name, not recursive) are passed one by one to
// LLVMFuzzerTestOneInput. Arguments starting with '-' are ignored
// (libFuzzer flags). Prints "fuzz_main: N inputs passed" and exits 0;
// exits 1 if a path is unreadable or no input was found. A failing input
// aborts inside the target.
#define _FILE_OFFSET_BITS 64

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

bool Inputs(const std::string& path, std::vector<std::string>* out) {
  DIR* dir = opendir(path.c_str());
  if (dir == nullptr) {
    std::ifstream f(path);
    if (!f) return false;
    out->push_back(path);
    return true;
  }
  std::vector<std::string> names;
  while (const dirent* e = readdir(dir)) {
    const std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(path + "/" + name);
  }
  closedir(dir);
  std::sort(names.begin(), names.end());
  out->insert(out->end(), names.begin(), names.end());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] == '-') continue;
    if (!Inputs(argv[i], &files)) {
      fprintf(stderr, "fuzz_main: cannot read %s\n", argv[i]);
      return 1;
    }
  }
  if (files.empty()) {
    fprintf(stderr, "fuzz_main: no inputs\n");
    return 1;
  }
  for (const std::string& name : files) {
    std::ifstream f(name, std::ios::binary);
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), {});
    LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  }
  printf("fuzz_main: %zu inputs passed\n", files.size());
  return 0;
}

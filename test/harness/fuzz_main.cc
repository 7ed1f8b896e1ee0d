// test/harness/fuzz_main.cc -- runs a libFuzzer target without libFuzzer:
// the default regression_main of hc_fuzz_test (rules/defs.bzl). Each
// argument is a file or a directory of files (not recursive, sorted by
// name), and every file is passed once to LLVMFuzzerTestOneInput.
// Arguments that start with '-' (libFuzzer flags) are ignored, so the same
// command line works for both. Builds with any compiler (gcc, cross
// compilers), so the seed corpora are regression tests on every Linux
// platform.
//
// Prints "fuzz_main: N inputs passed" and exits 0, or exits 1 if a path
// or a file cannot be read (a read error is never taken for a short
// input) or names no input. A failing input aborts inside the target, as
// under libFuzzer.
// 64-bit inode numbers and sizes on 32-bit hosts too: without it stat()
// and readdir() fail with EOVERFLOW on large file systems (seen on arm).
#define _FILE_OFFSET_BITS 64

#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

#include <algorithm>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

bool ReadFile(const std::string& path, std::vector<uint8_t>* out) {
  FILE* f = fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  out->clear();
  uint8_t chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
    out->insert(out->end(), chunk, chunk + n);
  }
  const bool ok = ferror(f) == 0;
  fclose(f);
  return ok;
}

// The regular files a path names: itself, or a directory's entries sorted
// by name (so runs are reproducible).
bool ListInputs(const std::string& path, std::vector<std::string>* files) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return false;
  if (!S_ISDIR(st.st_mode)) {
    files->push_back(path);
    return true;
  }
  DIR* dir = opendir(path.c_str());
  if (dir == nullptr) return false;
  std::vector<std::string> found;
  bool ok = true;
  for (;;) {
    errno = 0;
    const dirent* e = readdir(dir);
    if (e == nullptr) {
      ok = errno == 0;  // end of the directory, or a failure
      break;
    }
    const std::string full = path + "/" + e->d_name;
    if (stat(full.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      found.push_back(full);
    }
  }
  closedir(dir);
  if (!ok) return false;
  std::sort(found.begin(), found.end());
  files->insert(files->end(), found.begin(), found.end());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] == '-') continue;
    if (!ListInputs(argv[i], &files)) {
      fprintf(stderr, "fuzz_main: cannot read %s\n", argv[i]);
      return 1;
    }
  }
  if (files.empty()) {
    fprintf(stderr, "fuzz_main: no inputs (usage: %s FILE|DIR...)\n", argv[0]);
    return 1;
  }
  std::vector<uint8_t> data;
  for (const std::string& f : files) {
    if (!ReadFile(f, &data)) {
      fprintf(stderr, "fuzz_main: cannot read %s\n", f.c_str());
      return 1;
    }
    LLVMFuzzerTestOneInput(data.data(), data.size());
  }
  printf("fuzz_main: %zu inputs passed\n", files.size());
  return 0;
}

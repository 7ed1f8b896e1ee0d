// hypercall/testdata/image_run.h -- runs a Linux image from a hosted test
// driver as a launcher would (no sandbox): exactly the given environment,
// chosen descriptors kept, stdout and stderr captured. Test-only.
#ifndef HCALL_HYPERCALL_TESTDATA_IMAGE_RUN_H_
#define HCALL_HYPERCALL_TESTDATA_IMAGE_RUN_H_

#include <stdint.h>

#include <string>
#include <vector>

namespace hcall::testing {

// The ELF e_machine of the file at (path), or 0 if it is not an ELF file.
uint16_t ElfMachine(const std::string& path);

// What hc_image_driver_test tells every driver about the platform under
// test, as flags before the images' (README.md, "Names and house rules"):
// ParseDriverFlags takes them at the driver's entry, and nothing reads them
// from the environment.
struct DriverSettings {
  std::string platform;     // --platform: the row of HC_PLATFORMS
  std::string cpu;          // --cpu: x86_64, aarch64 or arm
  std::string emulator;     // --emulator: qemu-user ("": run natively)
  std::string qemu;         // --qemu: qemu-system and machine arguments
  std::string exit_decode;  // --exit_decode: identity | debug_exit
  bool emulator_given = false;
};

// The settings the last successful ParseDriverFlags took (all empty before).
const DriverSettings& Settings();

// The command prefix that runs (image) on this host: nothing for an image
// of the driver's own CPU; for another, --emulator if the driver was given
// one, else qemu-<cpu> from PATH.
std::vector<std::string> EmulatorFor(const std::string& image);

struct ImageRun {
  std::string out;
  std::string err;
  int status = -1;     // as from waitpid
  double seconds = 0;  // wall time from fork to exit

  bool exited(int code) const;
  bool killed_by(int sig) const;
};

// Runs (image) with (args) and exactly (env) (plus the driver's PATH); the
// descriptors in (keep) stay open in the image under their numbers. An image
// that prints nothing for (timeout_ms) is killed.
ImageRun RunImage(const std::string& image,
                  const std::vector<std::string>& args,
                  std::vector<std::string> env,
                  const std::vector<int>& keep = {}, int timeout_ms = 60000);

// One "--name=VALUE" argument a test driver takes (the images' paths, from
// its BUILD rule), and the string that receives VALUE.
struct DriverFlag {
  const char* name;  // "--name"
  std::string* value;
};

// Takes the arguments GoogleTest left in (argv) (after InitGoogleTest):
// each must be one of (flags) or a DriverSettings flag, which Settings()
// returns afterwards. Returns false after printing "(driver): unknown
// argument ARG" on stderr; the driver then exits with status 2.
bool ParseDriverFlags(const char* driver, int argc, char** argv,
                      const std::vector<DriverFlag>& flags);

}  // namespace hcall::testing

#endif  // HCALL_HYPERCALL_TESTDATA_IMAGE_RUN_H_

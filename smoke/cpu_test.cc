// Proves, from inside the test, that it runs on the platform it was built for:
// the compiler's target, the running kernel's (or QEMU's) idea of the machine
// and the ELF header of this very executable must all name the CPU given as
// --expected_cpu, which the BUILD file fills in from the platform table
// (the runner's {CPU}).
#include "smoke/cpu.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"

namespace hcall::smoke {
namespace {

// --expected_cpu=CPU, taken by main().
std::string g_expected_cpu;

const std::string& ExpectedCpu() { return g_expected_cpu; }

TEST(SmokeCpu, RunnerSaysWhichCpuToExpect) {
  ASSERT_NE(ExpectedCpu(), "") << "--expected_cpu is not given: run through "
                                  "the hc_cc_test runner";
}

TEST(SmokeCpu, CompiledForExpectedCpu) {
  EXPECT_EQ(ExpectedCpu(), CompiledCpu());
}

TEST(SmokeCpu, RunningOnExpectedCpu) {
  struct utsname u;
  ASSERT_EQ(uname(&u), 0);
  EXPECT_TRUE(MachineMatchesCpu(u.machine, ExpectedCpu().c_str()))
      << "uname reports " << u.machine << ", expected " << ExpectedCpu();
}

TEST(SmokeCpu, OwnElfHeaderNamesExpectedCpu) {
  int fd = open("/proc/self/exe", O_RDONLY);
  ASSERT_GE(fd, 0);
  unsigned char header[20];
  ASSERT_EQ(read(fd, header, sizeof header),
            static_cast<ssize_t>(sizeof header));
  close(fd);
  ASSERT_EQ(header[0], 0x7f);
  ASSERT_EQ(header[1], 'E');
  // e_machine: 16 bits at offset 18, little-endian on all our platforms.
  uint16_t machine = static_cast<uint16_t>(header[18] | (header[19] << 8));
  EXPECT_EQ(machine, CompiledElfMachine());
}

TEST(SmokeCpu, MachineNamesMatchFamilies) {
  EXPECT_TRUE(MachineMatchesCpu("x86_64", "x86_64"));
  EXPECT_TRUE(MachineMatchesCpu("aarch64", "aarch64"));
  EXPECT_TRUE(MachineMatchesCpu("armv7l", "arm"));
  EXPECT_FALSE(MachineMatchesCpu("aarch64", "arm"));
  EXPECT_FALSE(MachineMatchesCpu("arm64", "arm"));
  EXPECT_FALSE(MachineMatchesCpu("x86_64", "aarch64"));
}

}  // namespace
}  // namespace hcall::smoke

// The test's one setting comes as a flag, read here once.
int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    if (strncmp(argv[i], "--expected_cpu=", 15) == 0) {
      hcall::smoke::g_expected_cpu = argv[i] + 15;
    } else {
      fprintf(stderr, "cpu_test: unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  return RUN_ALL_TESTS();
}

// Tests of the linux backend's page size and page map / unmap / protect.
#include <sys/auxv.h>
#include <sys/mman.h>

#include <cstdint>

#include "gtest/gtest.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"
#include "hypercall/linux/linux.h"

namespace {

class MemoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(hc_linux::hosted_init(), HC_OK);
    page_ = hc_page_size();
  }
  size_t page_ = 0;
};

TEST_F(MemoryTest, PageSizeIsTheHostsAndAPowerOfTwo) {
  EXPECT_EQ(page_, getauxval(AT_PAGESZ));
  EXPECT_GE(page_, 4096u);
  EXPECT_EQ(page_ & (page_ - 1), 0u);
}

TEST_F(MemoryTest, InitRejectsBadPageSizesAndDefaultsZero) {
  for (uint64_t bad : {1ull, 1000ull, 2048ull, 4097ull, 12288ull}) {
    hc_linux_config config = hc_linux::hosted_config();
    config.page_size = bad;
    EXPECT_EQ(hc_linux_init(&config), HC_EINVAL) << bad;
    EXPECT_EQ(hc_page_size(), page_);  // unchanged
  }
  hc_linux_config config = hc_linux::hosted_config();
  config.page_size = 0;
  EXPECT_EQ(hc_linux_init(&config), HC_OK);
  EXPECT_EQ(hc_page_size(), 4096u);
}

TEST_F(MemoryTest, MapGivesZeroedWritableAlignedPages) {
  void* p = nullptr;
  ASSERT_EQ(hc_page_map(3 * page_, HC_PROT_READ | HC_PROT_WRITE, &p), HC_OK);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) & (page_ - 1), 0u);
  unsigned char* bytes = static_cast<unsigned char*>(p);
  for (size_t i = 0; i < 3 * page_; i += 97) {
    EXPECT_EQ(bytes[i], 0);
    bytes[i] = 0x5a;
  }
  EXPECT_EQ(hc_page_unmap(p, 3 * page_), HC_OK);
}

TEST_F(MemoryTest, MapRejectsZeroAndUnalignedLengthsAndUnknownProt) {
  void* p = reinterpret_cast<void*>(0x1234);
  EXPECT_EQ(hc_page_map(0, HC_PROT_READ, &p), HC_EINVAL);
  EXPECT_EQ(hc_page_map(1, HC_PROT_READ, &p), HC_EINVAL);
  EXPECT_EQ(hc_page_map(page_ + 1, HC_PROT_READ, &p), HC_EINVAL);
  EXPECT_EQ(hc_page_map(page_ - 1, HC_PROT_READ, &p), HC_EINVAL);
  EXPECT_EQ(hc_page_map(page_, 8, &p), HC_EINVAL);
  EXPECT_EQ(hc_page_map(page_, 0x80000000u | HC_PROT_READ, &p), HC_EINVAL);
  EXPECT_EQ(p, reinterpret_cast<void*>(0x1234));  // untouched
}

TEST_F(MemoryTest, MapTooMuchIsOutOfMemory) {
  void* p = reinterpret_cast<void*>(0x1234);
  const size_t huge = SIZE_MAX & ~(page_ - 1);
  EXPECT_EQ(hc_page_map(huge, HC_PROT_READ, &p), HC_ENOMEM);
  EXPECT_EQ(p, reinterpret_cast<void*>(0x1234));
}

TEST_F(MemoryTest, MapNoneThenProtectMakesPagesUsable) {
  void* p = nullptr;
  ASSERT_EQ(hc_page_map(page_, HC_PROT_NONE, &p), HC_OK);
  ASSERT_EQ(hc_page_protect(p, page_, HC_PROT_READ | HC_PROT_WRITE), HC_OK);
  static_cast<volatile char*>(p)[5] = 1;
  EXPECT_EQ(static_cast<volatile char*>(p)[5], 1);
  EXPECT_EQ(hc_page_unmap(p, page_), HC_OK);
}

TEST_F(MemoryTest, UnmapRejectsUnalignedAddressesAndBadLengths) {
  void* p = nullptr;
  ASSERT_EQ(hc_page_map(2 * page_, HC_PROT_READ, &p), HC_OK);
  char* c = static_cast<char*>(p);
  EXPECT_EQ(hc_page_unmap(c + 1, page_), HC_EINVAL);
  EXPECT_EQ(hc_page_unmap(c + page_ / 2, page_), HC_EINVAL);
  EXPECT_EQ(hc_page_unmap(p, 0), HC_EINVAL);
  EXPECT_EQ(hc_page_unmap(p, 100), HC_EINVAL);
  EXPECT_EQ(hc_page_unmap(p, page_ + 1), HC_EINVAL);
  EXPECT_EQ(hc_page_unmap(p, 2 * page_), HC_OK);
  // Pages no longer mapped: still a success.
  EXPECT_EQ(hc_page_unmap(p, 2 * page_), HC_OK);
}

TEST_F(MemoryTest, ProtectRejectsBadArguments) {
  void* p = nullptr;
  ASSERT_EQ(hc_page_map(page_, HC_PROT_READ, &p), HC_OK);
  char* c = static_cast<char*>(p);
  EXPECT_EQ(hc_page_protect(c + 8, page_, HC_PROT_READ), HC_EINVAL);
  EXPECT_EQ(hc_page_protect(p, 0, HC_PROT_READ), HC_EINVAL);
  EXPECT_EQ(hc_page_protect(p, page_ / 2, HC_PROT_READ), HC_EINVAL);
  EXPECT_EQ(hc_page_protect(p, page_, 16), HC_EINVAL);
  EXPECT_EQ(hc_page_unmap(p, page_), HC_OK);
}

TEST_F(MemoryTest, ProtectOfAnUnmappedRangeIsOutOfMemory) {
  void* p = nullptr;
  ASSERT_EQ(hc_page_map(page_, HC_PROT_READ, &p), HC_OK);
  ASSERT_EQ(hc_page_unmap(p, page_), HC_OK);
  if (mprotect(p, page_, PROT_READ) == 0) {
    // qemu-user with a 32-bit guest reserves the whole guest address space
    // and reports success here; the backend can only pass that on.
    GTEST_SKIP() << "the host does not report unmapped ranges";
  }
  EXPECT_EQ(hc_page_protect(p, page_, HC_PROT_READ), HC_ENOMEM);
}

TEST_F(MemoryTest, ProtectReadOnlyMakesWritesFault) {
  void* p = nullptr;
  ASSERT_EQ(hc_page_map(page_, HC_PROT_READ | HC_PROT_WRITE, &p), HC_OK);
  static_cast<volatile char*>(p)[0] = 1;
  ASSERT_EQ(hc_page_protect(p, page_, HC_PROT_READ), HC_OK);
  EXPECT_EQ(static_cast<volatile char*>(p)[0], 1);
  EXPECT_DEATH(static_cast<volatile char*>(p)[0] = 2, "");
  EXPECT_EQ(hc_page_unmap(p, page_), HC_OK);
}

}  // namespace

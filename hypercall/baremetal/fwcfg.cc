// hypercall/baremetal/fwcfg.cc -- QEMU's fw_cfg interface (docs/specs/
// fw_cfg.txt in QEMU): the signature check and the file directory. The
// machine supplies the byte access (MMIO on virt, I/O ports on microvm).
#include <stddef.h>
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"

namespace hc_bm {
namespace {

constexpr uint16_t kKeySignature = 0x0000;
constexpr uint16_t kKeyFileDir = 0x0019;
constexpr size_t kFileNameSize = 56;

uint32_t read_be32() {
  uint8_t b[4];
  fwcfg_read_bytes(b, sizeof(b));
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) |
         (uint32_t{b[2]} << 8) | b[3];
}

}  // namespace

bool fwcfg_present() {
  fwcfg_select(kKeySignature);
  char sig[4];
  fwcfg_read_bytes(sig, sizeof(sig));
  return sig[0] == 'Q' && sig[1] == 'E' && sig[2] == 'M' && sig[3] == 'U';
}

bool fwcfg_find(const char* name, uint16_t* key, uint32_t* size) {
  if (!fwcfg_present()) return false;
  fwcfg_select(kKeyFileDir);
  const uint32_t count = read_be32();
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t file_size = read_be32();
    uint8_t sel[4];  // be16 select, be16 reserved
    fwcfg_read_bytes(sel, sizeof(sel));
    char file_name[kFileNameSize];
    fwcfg_read_bytes(file_name, sizeof(file_name));
    size_t j = 0;
    while (j < kFileNameSize && name[j] != '\0' && name[j] == file_name[j]) {
      ++j;
    }
    if (j < kFileNameSize && name[j] == '\0' && file_name[j] == '\0') {
      *key = static_cast<uint16_t>((sel[0] << 8) | sel[1]);
      *size = file_size;
      return true;
    }
  }
  return false;
}

}  // namespace hc_bm

// capability/manifest_cursor.cc -- reading the grants of a validated
// manifest in order.
#include <stddef.h>
#include <stdint.h>

#include "capability/internal/manifest_codec.h"
#include "capability/manifest.h"

namespace hcall::cap {

using internal::get16;
using internal::get32;
using internal::get64;

bool ManifestCursor::next(Grant* g) {
  if (index_ >= manifest_->entry_count) return false;
  const uint8_t* e = manifest_->data + offset_;
  g->name_len = get16(e + entry_offset::kNameLength);
  g->name = reinterpret_cast<const char*>(e + entry_offset::kName);
  g->kind = get32(e + entry_offset::kKind);
  g->rights = get32(e + entry_offset::kRights);
  g->handle = static_cast<hc_handle_t>(get32(e + entry_offset::kHandle));
  g->preopen_fd = get32(e + entry_offset::kPreopenFd);
  g->block_size = get32(e + entry_offset::kBlockSize);
  g->size = get64(e + entry_offset::kSize);
  g->flags = get32(e + entry_offset::kFlags);
  offset_ += manifest_entry_size(g->name_len);
  ++index_;
  return true;
}

}  // namespace hcall::cap

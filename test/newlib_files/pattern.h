/* test/newlib_files/pattern.h -- the bytes of the disk of files_test: what
 * the driver writes before the run ("background"), what the image writes
 * over it, and where. Plain C, shared by the image (newlib) and the host
 * driver (C++), so both sides agree without a second copy. */
#ifndef HCALL_TEST_NEWLIB_FILES_PATTERN_H_
#define HCALL_TEST_NEWLIB_FILES_PATTERN_H_

#include <stdint.h>

/* The granted disk: 64 KiB, a whole number of 512-byte sectors. */
#define FILES_DISK_SIZE 65536L
#define FILES_SECTOR_SIZE 512L

/* The ranges the image writes (offset, length) and the seed of each
 * one's pattern:
 *   1  fwrite across the sector boundary at 1024 (read-modify-write of
 *      sectors 1 and 2);
 *   2  fwrite of 3000 bytes at an odd offset (partial first and last
 *      sector, whole sectors between);
 *   3  write() of two whole sectors at a sector boundary;
 *   4  write() of 20 bytes 10 before the end: 10 land, the rest is
 *      refused (ENOSPC) -- block grants only (a --file grows instead). */
#define FILES_R1_OFFSET 1000L
#define FILES_R1_LENGTH 100L
#define FILES_R2_OFFSET 5001L
#define FILES_R2_LENGTH 3000L
#define FILES_R3_OFFSET 12288L
#define FILES_R3_LENGTH 1024L
#define FILES_R4_OFFSET (FILES_DISK_SIZE - 10L)
#define FILES_R4_LENGTH 10L

/* The byte at absolute (offset) before the run. */
static inline uint8_t files_background(long offset) {
  return (uint8_t)(offset * 7 + (offset >> 8) * 3 + 0x21);
}

/* The byte the image writes at absolute (offset) of the range (seed). */
static inline uint8_t files_pattern(long offset, int seed) {
  return (uint8_t)(offset * 13 + seed * 41 + 0x5c);
}

#endif /* HCALL_TEST_NEWLIB_FILES_PATTERN_H_ */

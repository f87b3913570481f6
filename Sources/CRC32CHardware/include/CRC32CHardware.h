#ifndef RIVULET_CRC32C_HARDWARE_H
#define RIVULET_CRC32C_HARDWARE_H

#include <stddef.h>
#include <stdint.h>

/// Returns 1 when the CPU executes the SSE4.2 `crc32` instruction, else 0.
int rivulet_crc32c_hardware_available(void);

/// Continues a CRC32C (Castagnoli) over `length` bytes. `crc` is the running value
/// *before* final inversion (start with 0xFFFFFFFF). Call only when available.
uint32_t rivulet_crc32c_hardware_update(uint32_t crc, const void *bytes, size_t length);

#endif

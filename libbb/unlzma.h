/* Raw LZMA decoding of a whole buffer, and the branch filters of a packed
 * ctbox (Config.in: PACK; pack/). */
#ifndef CTBOX_UNLZMA_H
#define CTBOX_UNLZMA_H

#include <stddef.h>
#include <stdint.h>

/* The props byte of LZMA: (pb * 5 + lp) * 9 + lc. */
#define UNLZMA_PROPS(lc, lp, pb) ((unsigned)(((pb) * 5 + (lp)) * 9 + (lc)))

/* Decodes the raw LZMA stream in[0..inlen) (no header: what `xz
 * --format=raw --lzma1=...` writes) into exactly outlen bytes at out.
 * Returns 0, or -1 where the stream is corrupt, ends early, refers before
 * the start of the output or asks lc + lp > 4. Never reads or writes
 * outside the two buffers. */
int unlzma_raw(const uint8_t *in, size_t inlen, uint8_t *out, size_t outlen, unsigned props);

/* The branch filters: relative call and branch targets made absolute
 * (encode) and back (decode), so that calls to one function look alike to
 * the compressor. */
enum { BRANCH_NONE, BRANCH_X86, BRANCH_ARM64 };
void branch_filter(uint8_t *buf, size_t len, int kind, int encode);

#endif

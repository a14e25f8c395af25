/* How much memory decompressing a .deb's data member will touch (deb.h):
 * an xz decoder's dictionary fills up to the smaller of its size and the
 * data's, both read from the stream's own headers (the first Block
 * Header's LZMA2 dictionary, the Index's uncompressed size) without
 * decompressing anything. */
#include <lzma.h>
#include <stdlib.h>
#include <string.h>

#include "deb_int.h"

#define SMALL (64ull << 10)   /* gzip's window and the buffers */
#define UNKNOWN (64ull << 20) /* xz -9's dictionary: the most dpkg-deb makes */

/* The LZMA2 dictionary of the stream's first block, or UNKNOWN. */
static unsigned long long xz_dict(int fd, unsigned long long off, unsigned long long size)
{
	unsigned char h[LZMA_BLOCK_HEADER_SIZE_MAX];
	lzma_filter filters[LZMA_FILTERS_MAX + 1];
	lzma_block b = { 0 };
	unsigned long long dict = UNKNOWN;
	size_t i;

	if (size < LZMA_STREAM_HEADER_SIZE + 1 ||
	    full_pread(fd, h, 1, (off_t)(off + LZMA_STREAM_HEADER_SIZE)) != 1 || !h[0])
		return UNKNOWN;
	b.version = 1;
	b.header_size = lzma_block_header_size_decode(h[0]);
	b.check = LZMA_CHECK_CRC64; /* only needed to encode */
	b.filters = filters;
	if (size < LZMA_STREAM_HEADER_SIZE + b.header_size ||
	    full_pread(fd, h, b.header_size, (off_t)(off + LZMA_STREAM_HEADER_SIZE)) !=
		    (ssize_t)b.header_size ||
	    lzma_block_header_decode(&b, NULL, h) != LZMA_OK)
		return UNKNOWN;
	for (i = 0; filters[i].id != LZMA_VLI_UNKNOWN; i++) {
		if (filters[i].id == LZMA_FILTER_LZMA2 && filters[i].options)
			dict = ((lzma_options_lzma *)filters[i].options)->dict_size;
		free(filters[i].options);
	}
	return dict;
}

/* The uncompressed size the stream's Index gives (one stream, no padding:
 * what dpkg-deb writes), or UNKNOWN. */
static unsigned long long xz_size(int fd, unsigned long long off, unsigned long long size)
{
	unsigned char foot[LZMA_STREAM_HEADER_SIZE], *ib;
	lzma_stream_flags fl;
	lzma_index *idx = NULL;
	unsigned long long out = UNKNOWN;
	uint64_t memlimit = 1 << 20;
	size_t pos = 0;

	if (size < 2 * LZMA_STREAM_HEADER_SIZE ||
	    full_pread(fd, foot, sizeof(foot), (off_t)(off + size - sizeof(foot))) !=
		    (ssize_t)sizeof(foot) ||
	    lzma_stream_footer_decode(&fl, foot) != LZMA_OK ||
	    fl.backward_size > size - 2 * LZMA_STREAM_HEADER_SIZE || fl.backward_size > (1 << 20))
		return UNKNOWN;
	ib = xmalloc(fl.backward_size);
	if (full_pread(fd, ib, fl.backward_size,
		       (off_t)(off + size - sizeof(foot) - fl.backward_size)) ==
		    (ssize_t)fl.backward_size &&
	    lzma_index_buffer_decode(&idx, &memlimit, NULL, ib, &pos, fl.backward_size) == LZMA_OK) {
		out = lzma_index_uncompressed_size(idx);
		lzma_index_end(idx, NULL);
	}
	free(ib);
	return out;
}

unsigned long long deb_data_memory(int fd, const char *what)
{
	struct ar_reader ar;
	struct ar_member m;
	struct bb_err e;
	unsigned long long d, n;

	if (ar_open(&ar, fd, what, &e) < 0)
		return UNKNOWN;
	while (ar_next(&ar, &m, &e) > 0) {
		if (strncmp(m.name, "data.tar", 8))
			continue;
		if (!strcmp(m.name, "data.tar") || !strcmp(m.name, "data.tar.gz"))
			return SMALL;
		if (strcmp(m.name, "data.tar.xz"))
			return UNKNOWN;
		d = xz_dict(fd, m.offset, m.size);
		n = xz_size(fd, m.offset, m.size);
		return (d < n ? d : n) + SMALL;
	}
	return UNKNOWN;
}

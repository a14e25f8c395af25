/* For unit tests that build tar archives in memory: one ustar header. */
#ifndef CTBOX_TAR_TEST_H
#define CTBOX_TAR_TEST_H

#include <stdio.h>
#include <string.h>

/* Fill the 512-byte header h (zeroed by the caller) for a member. */
static inline void tar_test_header(unsigned char *h, const char *name, char type,
				   const char *link, size_t size, unsigned mode)
{
	unsigned sum = 0;
	int i;

	strncpy((char *)h, name, 100);
	snprintf((char *)h + 100, 8, "%07o", mode);
	snprintf((char *)h + 108, 8, "%07o", 0);
	snprintf((char *)h + 116, 8, "%07o", 0);
	snprintf((char *)h + 124, 12, "%011zo", size);
	snprintf((char *)h + 136, 12, "%011o", 1000000000);
	h[156] = type;
	if (link)
		strncpy((char *)h + 157, link, 100);
	memcpy(h + 257, "ustar\0" "00", 8);
	if (type == '3') {
		snprintf((char *)h + 329, 8, "%07o", 1);
		snprintf((char *)h + 337, 8, "%07o", 3);
	}
	memset(h + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
}

#endif

/* Word lists packed into one string, "one\0two\0...\0" (a last empty word
 * ends it): a table of names without a pointer per name (8 bytes each
 * on 64-bit targets). */
#include <strings.h>
#include <string.h>

#include "libbb.h"

int bb_word_index(const char *list, const char *s, int icase)
{
	int i;

	for (i = 0; *list; i++, list += strlen(list) + 1)
		if ((icase ? strcasecmp(list, s) : strcmp(list, s)) == 0)
			return i;
	return -1;
}

const char *bb_word_at(const char *list, size_t i)
{
	for (; *list; list += strlen(list) + 1)
		if (i-- == 0)
			return list;
	return NULL;
}

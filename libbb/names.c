/* Names given by users (containers, bridges, namespaces) and paths. */
#include <stdlib.h>
#include <string.h>

#include "libbb.h"

int bb_check_name(const char *name, const char **why)
{
	const unsigned char *p;
	const char *dummy;

	if (!why)
		why = &dummy;
	if (!name || !*name) {
		*why = "name is empty";
		return -1;
	}
	if (strlen(name) > CTBOX_NAME_MAX) {
		*why = "name is longer than 64 bytes";
		return -1;
	}
	if (name[0] == '.') {
		*why = "name starts with '.'";
		return -1;
	}
	if (name[0] == '-') {
		*why = "name starts with '-'";
		return -1;
	}
	for (p = (const unsigned char *)name; *p; p++) {
		if (*p == '/') {
			*why = "name contains '/'";
			return -1;
		}
		if (*p <= ' ' || *p == 0x7f) {
			*why = "name contains a space or a control character";
			return -1;
		}
	}
	return 0;
}

char *path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb;
	char *p;

	while (la > 1 && a[la - 1] == '/')
		la--;
	while (*b == '/')
		b++;
	lb = strlen(b);
	p = malloc(la + 1 + lb + 1);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	if (la == 0 || a[la - 1] != '/')
		p[la++] = '/';
	memcpy(p + la, b, lb + 1);
	return p;
}

const char *bb_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

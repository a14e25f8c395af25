/* bb_sscanf (libbb.h): the part of sscanf that ctbox uses, without libc's
 * scanf engine, which brings its float scanner along (about 10 KB). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "libbb.h"

/* A number at *s for d (signed), u or x, stored by its length modifier
 * (0: int, 1: long, 2: long long); -1 when there is none, or it does not
 * fit (unsigned ones take no sign). */
static int scan_int(const char **s, int conv, int lng, int skip, va_list *ap)
{
	char *end;

	errno = 0;
	if (conv == 'd') {
		static const long long lo[] = { INT_MIN, LONG_MIN, LLONG_MIN };
		static const long long hi[] = { INT_MAX, LONG_MAX, LLONG_MAX };
		long long v = strtoll(*s, &end, 10);

		if (end == *s || errno || v < lo[lng] || v > hi[lng])
			return -1;
		if (!skip) {
			if (lng == 0)
				*va_arg(*ap, int *) = (int)v;
			else if (lng == 1)
				*va_arg(*ap, long *) = (long)v;
			else
				*va_arg(*ap, long long *) = v;
		}
	} else {
		static const unsigned long long hi[] = { UINT_MAX, ULONG_MAX, ULLONG_MAX };
		unsigned long long v;

		if (**s == '-' || **s == '+')
			return -1;
		v = strtoull(*s, &end, conv == 'x' ? 16 : 10);
		if (end == *s || errno || v > hi[lng])
			return -1;
		if (!skip) {
			if (lng == 0)
				*va_arg(*ap, unsigned *) = (unsigned)v;
			else if (lng == 1)
				*va_arg(*ap, unsigned long *) = (unsigned long)v;
			else
				*va_arg(*ap, unsigned long long *) = v;
		}
	}
	*s = end;
	return 0;
}

int bb_sscanf(const char *s, const char *fmt, ...)
{
	const char *start = s;
	va_list ap;
	int n = 0, eof = 0;

	va_start(ap, fmt);
	while (*fmt) {
		size_t width = 0, k;
		int skip = 0, lng = 0, conv;
		char *out = NULL;

		if (isspace((unsigned char)*fmt)) {
			while (isspace((unsigned char)*s))
				s++;
			fmt++;
			continue;
		}
		if (*fmt != '%') {
			eof = !*s;
			if (*s++ != *fmt++)
				break;
			continue;
		}
		fmt++;
		if (*fmt == '*') {
			skip = 1;
			fmt++;
		}
		while (isdigit((unsigned char)*fmt))
			width = width * 10 + (size_t)(*fmt++ - '0');
		while (*fmt == 'l' && lng < 2) {
			lng++;
			fmt++;
		}
		conv = *fmt++;
		if (conv == 'n') {
			*va_arg(ap, int *) = (int)(s - start);
			continue;
		}
		if (conv != 'c' && conv != '[')
			while (isspace((unsigned char)*s))
				s++;
		if (!*s) {
			eof = 1;
			break;
		}
		if (conv == 'd' || conv == 'u' || conv == 'x') {
			if (scan_int(&s, conv, lng, skip, &ap) < 0)
				break;
		} else if (conv == 's' || conv == 'c' || conv == '[') {
			/* %[ takes only the negated form: [^CHARS] */
			const char *stop = " \t\n\v\f\r";
			size_t nstop = 6;

			if (conv == '[') {
				if (*fmt++ != '^' || !strchr(fmt + 1, ']'))
					break;
				stop = fmt;
				nstop = (size_t)(strchr(fmt + 1, ']') - fmt);
				fmt += nstop + 1;
			}
			if (!skip)
				out = va_arg(ap, char *);
			if (conv == 'c')
				width = width ? width : 1;
			for (k = 0; s[k] && (!width || k < width) && (conv == 'c' || !memchr(stop, s[k], nstop));
			     k++)
				if (out)
					out[k] = s[k];
			if (!k || (conv == 'c' && k < width))
				break;
			if (out && conv != 'c')
				out[k] = '\0';
			s += k;
		} else {
			break;
		}
		n += !skip;
	}
	va_end(ap);
	return eof && n == 0 ? EOF : n;
}

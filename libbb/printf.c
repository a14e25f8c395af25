/* printf's formatting, smaller than the C library's (musl's is about 10 KB,
 * most of it for %e, %g and %a and long double): flags - + space # 0,
 * width and precision (also *), the length modifiers hh h l ll j z t L q,
 * and the conversions d i u o x X c s p m n f F %. Floating point is %f
 * (a double, rounded as far as a double product holds: ctbox prints
 * rates and sizes with it); %e, %g and %a print as %f. Wide characters
 * (%lc, %ls) are not supported, nor long double (%Lf: its argument is
 * taken, the conversion prints as written; converting it is 1 KB of
 * libgcc on aarch64). Anything else prints as written.
 *
 * In a static musl build vfprintf itself is this one (the Makefile asks
 * the linker for it first: -u vfprintf), so printf, fprintf, snprintf,
 * asprintf, dprintf ... all format here. Elsewhere (the unit tests on
 * glibc) only bb_vformat is. */
#include <errno.h>
#include <limits.h>
#include <math.h> /* isnan, isinf, signbit: macros */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libbb.h"

#define F_LEFT 1
#define F_PLUS 2
#define F_SPACE 4
#define F_ALT 8
#define F_ZERO 16

/* Output through a small buffer, written with fwrite when full. */
struct out {
	FILE *f;
	size_t n;      /* in buf */
	size_t total;  /* every byte so far */
	int err;
	char buf[128];
};

static void flush_out(struct out *o)
{
	if (o->n && !o->err && fwrite(o->buf, 1, o->n, o->f) != o->n)
		o->err = 1;
	o->n = 0;
}

static void put(struct out *o, const char *s, size_t len)
{
	o->total += len;
	while (len) {
		size_t k = sizeof(o->buf) - o->n;

		if (k > len)
			k = len;
		memcpy(o->buf + o->n, s, k);
		o->n += k;
		s += k;
		len -= k;
		if (o->n == sizeof(o->buf))
			flush_out(o);
	}
}

static void pad(struct out *o, char c, long n)
{
	char chunk[16];

	memset(chunk, c, sizeof(chunk));
	for (; n > 0; n -= (long)sizeof(chunk))
		put(o, chunk, n < (long)sizeof(chunk) ? (size_t)n : sizeof(chunk));
}

/* One converted field: prefix (sign, 0x), zeros, body, within width. */
static void field(struct out *o, int flags, long width, const char *prefix, long zeros,
		  const char *body, size_t blen)
{
	size_t plen = strlen(prefix);
	long len = (long)(plen + blen) + (zeros > 0 ? zeros : 0);

	if (!(flags & F_LEFT))
		pad(o, ' ', width - len);
	put(o, prefix, plen);
	pad(o, '0', zeros);
	put(o, body, blen);
	if (flags & F_LEFT)
		pad(o, ' ', width - len);
}

/* Digits of v in base, written backwards ending at end; returns start. */
static char *digits(char *end, uintmax_t v, unsigned base, int upper)
{
	const char *xd = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	do {
		*--end = xd[v % base];
		v /= base;
	} while (v);
	return end;
}

/* An integer conversion. */
static void fmt_int(struct out *o, int flags, long width, long prec, char conv, uintmax_t v,
		    int neg)
{
	char buf[3 * sizeof(uintmax_t) + 2], *end = buf + sizeof(buf), *s = end;
	const char *prefix = "";
	unsigned base = conv == 'o' ? 8 : conv == 'x' || conv == 'X' || conv == 'p' ? 16 : 10;
	long zeros = 0;

	if (!(v == 0 && prec == 0))
		s = digits(end, v, base, conv == 'X');
	if (neg)
		prefix = "-";
	else if (base == 10 && conv != 'u' && (flags & F_PLUS))
		prefix = "+";
	else if (base == 10 && conv != 'u' && (flags & F_SPACE))
		prefix = " ";
	else if (conv == 'p' || (base == 16 && (flags & F_ALT) && v))
		prefix = conv == 'X' ? "0X" : "0x";
	if (conv == 'o' && (flags & F_ALT) && (s == end || *s != '0') && prec <= end - s)
		prec = end - s + 1;
	if (prec >= 0)
		zeros = prec - (end - s);
	else if ((flags & (F_ZERO | F_LEFT)) == F_ZERO)
		zeros = width - (long)strlen(prefix) - (end - s);
	field(o, flags, width, prefix, zeros, s, (size_t)(end - s));
}

/* The exact decimal digits of an integral double of 2^64 or more (up to
 * 309 of them), written backwards ending at end: its 53-bit mantissa
 * doubled as many times as its exponent says, in base 10. */
static char *big_digits(char *end, double v)
{
	unsigned char d[320];
	uint64_t bits, m;
	int n = 0, i, e;

	memcpy(&bits, &v, sizeof(bits));
	m = (bits & ((1ULL << 52) - 1)) | (1ULL << 52);
	e = (int)((bits >> 52) & 0x7ff) - 1075;
	while (m) {
		d[n++] = (unsigned char)(m % 10);
		m /= 10;
	}
	while (e-- > 0) {
		int carry = 0;

		for (i = 0; i < n; i++) {
			int x = d[i] * 2 + carry;

			d[i] = (unsigned char)(x % 10);
			carry = x / 10;
		}
		if (carry)
			d[n++] = (unsigned char)carry;
	}
	for (i = 0; i < n; i++)
		*--end = (char)('0' + d[i]);
	return end;
}

/* A 64-bit integer as a double, through its 32-bit halves (exact: one
 * rounding of the exact sum, as a direct conversion). 32-bit ARM's VFP
 * converts those itself; the whole would take libgcc's soft float, 1.3
 * KB. */
static double to_double(uint64_t u)
{
	return (double)(uint32_t)(u >> 32) * 4294967296.0 + (double)(uint32_t)u;
}

/* %f: the integer part exactly (doubles beyond 2^53 are integers), the
 * fraction rounded to prec digits, ties to even as the C library does
 * for the exact ties a double holds. No libm. */
static void fmt_f(struct out *o, int flags, long width, long prec, double v, int upper)
{
	char buf[400], *end = buf + sizeof(buf), *s;
	const char *prefix = signbit(v) ? "-" : (flags & F_PLUS) ? "+" : (flags & F_SPACE) ? " " : "";
	double scale = 1, x, r;
	uint64_t ip, frac;
	long i, zeros = 0;
	int big;

	if (prec < 0)
		prec = 6;
	if (prec > 17)
		prec = 17;
	v = v < 0 ? -v : v;
	if (isnan(v) || isinf(v)) {
		const char *t = isnan(v) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");

		field(o, flags, width, prefix, 0, t, 3);
		return;
	}
	for (i = 0; i < prec; i++)
		scale *= 10;
	big = v >= 18446744073709551616.0;
	ip = big ? 0 : (uint64_t)v;
	x = big ? 0 : (v - to_double(ip)) * scale;
	frac = (uint64_t)x;
	r = x - to_double(frac);
	if (r > 0.5 || (r == 0.5 && ((prec ? frac : ip) & 1)))
		frac++;
	if (to_double(frac) >= scale) {
		frac -= (uint64_t)scale;
		ip++;
	}
	s = end;
	for (i = 0; i < prec; i++) {
		*--s = (char)('0' + frac % 10);
		frac /= 10;
	}
	if (prec || (flags & F_ALT))
		*--s = '.';
	if (!big) {
		s = digits(s, ip, 10, 0);
	} else {
		s = big_digits(s, v);
	}
	if ((flags & (F_ZERO | F_LEFT)) == F_ZERO)
		zeros = width - (long)strlen(prefix) - (end - s);
	field(o, flags, width, prefix, zeros, s, (size_t)(end - s));
}

int bb_vformat(FILE *f, const char *fmt, va_list ap)
{
	struct out o = { .f = f };
	int saved_errno = errno;

	while (*fmt) {
		const char *p = strchr(fmt, '%');
		int flags = 0, len = 0;
		long width = 0, prec = -1;
		uintmax_t u;
		intmax_t d;
		char c;

		if (!p)
			p = fmt + strlen(fmt);
		put(&o, fmt, (size_t)(p - fmt));
		if (!*p)
			break;
		fmt = p + 1;
		for (;; fmt++) {
			const char *fl = strchr("-+ #0", *fmt);

			if (!*fmt || !fl)
				break;
			flags |= 1 << (fl - "-+ #0");
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width < INT_MAX / 10 ? width * 10 + (*fmt++ - '0') : (fmt++, INT_MAX);
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				if (prec < 0)
					prec = -1;
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec < INT_MAX / 10 ? prec * 10 + (*fmt++ - '0') : (fmt++, INT_MAX);
			}
		}
		/* Length: h -1, hh -2, l 1, ll/q/L 2, j 3, z 4, t 5. */
		for (;; fmt++) {
			if (*fmt == 'h')
				len = len < 0 ? -2 : -1;
			else if (*fmt == 'l')
				len = len > 0 ? 2 : 1;
			else if (*fmt == 'L' || *fmt == 'q')
				len = 2;
			else if (*fmt == 'j')
				len = 3;
			else if (*fmt == 'z')
				len = 4;
			else if (*fmt == 't')
				len = 5;
			else
				break;
		}
		c = *fmt;
		if (c)
			fmt++;
		switch (c) {
		case 'd':
		case 'i':
			d = len == 1 ? va_arg(ap, long) : len == 2 ? va_arg(ap, long long) :
			    len == 3 ? va_arg(ap, intmax_t) : len == 4 ? (intmax_t)va_arg(ap, ssize_t) :
			    len == 5 ? va_arg(ap, ptrdiff_t) : va_arg(ap, int);
			if (len == -1)
				d = (short)d;
			else if (len == -2)
				d = (signed char)d;
			u = d < 0 ? -(uintmax_t)d : (uintmax_t)d;
			fmt_int(&o, flags, width, prec, 'd', u, d < 0);
			break;
		case 'u':
		case 'o':
		case 'x':
		case 'X':
			u = len == 1 ? va_arg(ap, unsigned long) : len == 2 ? va_arg(ap, unsigned long long) :
			    len == 3 ? va_arg(ap, uintmax_t) : len == 4 ? va_arg(ap, size_t) :
			    len == 5 ? (uintmax_t)va_arg(ap, ptrdiff_t) : va_arg(ap, unsigned);
			if (len == -1)
				u = (unsigned short)u;
			else if (len == -2)
				u = (unsigned char)u;
			fmt_int(&o, flags, width, prec, c, u, 0);
			break;
		case 'p':
			fmt_int(&o, flags & ~F_ZERO, width, prec, 'p', (uintptr_t)va_arg(ap, void *), 0);
			break;
		case 'c': {
			char ch = (char)va_arg(ap, int);

			field(&o, flags, width, "", 0, &ch, 1);
			break;
		}
		case 's':
		case 'm': {
			const char *s = c == 'm' ? strerror(saved_errno) : va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			field(&o, flags, width, "", 0, s, prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s));
			break;
		}
		case 'f':
		case 'F':
		case 'e':
		case 'E':
		case 'g':
		case 'G':
		case 'a':
		case 'A':
			if (len == 2) {
				(void)va_arg(ap, long double);
				put(&o, p, (size_t)(fmt - p));
				break;
			}
			fmt_f(&o, flags, width, prec, va_arg(ap, double), c <= 'Z');
			break;
		case 'n':
			*va_arg(ap, int *) = (int)o.total;
			break;
		case '%':
			put(&o, "%", 1);
			break;
		default:
			/* Not a conversion this formatter makes: as written. */
			put(&o, p, (size_t)(fmt - p));
			break;
		}
	}
	flush_out(&o);
	if (o.err)
		return -1;
	if (o.total > INT_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	return (int)o.total;
}

#if defined(CTBOX_OWN_LIBC)
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	return bb_vformat(f, fmt, ap);
}
#endif

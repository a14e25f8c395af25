/* gmtime_r, smaller than the C library's (musl's converts through code
 * shared with its time zones: 800 bytes of ctbox's static binary, this
 * is 500).
 *
 * Built as bb_gmtime_r; in a static musl build (CTBOX_OWN_LIBC) it is
 * also the C library's gmtime_r, for the whole binary. */
#include <errno.h>
#include <time.h>

#include "libbb.h"

/* The civil date of a day count since 1970-01-01 (the proleptic
 * Gregorian calendar in eras of 400 years, 146097 days), in 32-bit
 * arithmetic once the day is known: years up to five million away. */
struct tm *bb_gmtime_r(const time_t *t, struct tm *tm)
{
	long long d = *t / 86400;
	long secs = (long)(*t % 86400), days, era, doe, yoe, doy, mp, y;

	if (secs < 0)
		secs += 86400, d--;
	if (d > 0x7fffffffL - 719468 || d < -0x7fffffffL + 146097) {
		errno = EOVERFLOW;
		return NULL;
	}
	days = (long)d;
	tm->tm_wday = (int)((days % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
	days += 719468; /* from 0000-03-01 */
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	y = yoe + era * 400 + (mp >= 10);
	tm->tm_year = (int)(y - 1900);
	tm->tm_mon = (int)(mp < 10 ? mp + 2 : mp - 10);
	tm->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_sec = (int)(secs % 60);
	tm->tm_yday = (int)(mp >= 10 ? doy - 306 : doy + 59 + (y % 4 == 0 && (y % 100 || y % 400 == 0)));
	tm->tm_isdst = 0;
	tm->tm_gmtoff = 0;
	tm->tm_zone = "UTC";
	return tm;
}

#if defined(CTBOX_OWN_LIBC)
struct tm *gmtime_r(const time_t *restrict t, struct tm *restrict tm)
{
	return bb_gmtime_r(t, tm);
}
#endif

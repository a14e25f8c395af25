/* User namespace id maps: parsing LXC's map notation and the subordinate
 * id files, checking maps, and writing them for a process (userns.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "userns.h"

/* The highest id + 1 a map may reach: (uid_t)-1 is never an id. */
#define ID_LIMIT 4294967295ULL

int userns_parse_map(const char *s, struct conf_idmap out[2], struct bb_err *e)
{
	unsigned long long ns, host, range;
	const char *p = s;
	char kind;
	int n = 0;

	if (!s || !s[0] || !strchr("ugb", s[0]) || s[1] != ':')
		goto bad;
	kind = s[0];
	p = s + 2;
	if (bb_scan_num(&p, ':', ID_LIMIT, &ns) < 0 || bb_scan_num(&p, ':', ID_LIMIT, &host) < 0 ||
	    bb_scan_num(&p, '\0', ID_LIMIT, &range) < 0)
		goto bad;
	if (range == 0)
		return bb_err_set(e, 0, "bad map '%s': the range is 0", s);
	if (ns + range > ID_LIMIT || host + range > ID_LIMIT)
		return bb_err_set(e, 0, "bad map '%s': ids past 4294967294", s);
	if (kind != 'g')
		out[n++] = (struct conf_idmap){ 'u', ns, host, range };
	if (kind != 'u')
		out[n++] = (struct conf_idmap){ 'g', ns, host, range };
	return n;
bad:
	return bb_err_set(e, 0, "bad map '%s' (want u|g|b:NSID:HOSTID:RANGE)", s ? s : "");
}

int userns_subid(const char *file, const char *name, unsigned long id,
		 unsigned long *start, unsigned long *count, struct bb_err *e)
{
	char idstr[24], *text = read_file(file, 64 << 20, NULL), *cur = text, *line;
	size_t len = strlen(name);

	if (!text)
		return bb_err_set(e, errno, "can't open %s", file);
	snprintf(idstr, sizeof(idstr), "%lu", id);
	while ((line = bb_next_line(&cur))) {
		const char *p = strchr(line, ':');
		unsigned long long a, b;

		if (!p)
			continue;
		if (!((size_t)(p - line) == len && strncmp(line, name, len) == 0) &&
		    !((size_t)(p - line) == strlen(idstr) && strncmp(line, idstr, strlen(idstr)) == 0))
			continue;
		p++;
		if (bb_scan_num(&p, ':', ID_LIMIT, &a) < 0 || bb_scan_num(&p, '\0', ID_LIMIT, &b) < 0 ||
		    b == 0 || a + b > ID_LIMIT)
			continue; /* shadow passes over such lines too */
		*start = a;
		*count = b;
		free(text);
		return 0;
	}
	free(text);
	return bb_err_set(e, 0, "%s has no range for %s", file, name);
}

static int overlap(unsigned long a, unsigned long b, unsigned long range_a, unsigned long range_b)
{
	return a < b + range_b && b < a + range_a;
}

int userns_check_maps(const struct conf_idmap *m, size_t n, struct bb_err *e)
{
	size_t i, j, lines[2] = { 0, 0 };

	for (i = 0; i < n; i++) {
		if (++lines[m[i].kind == 'g'] > USERNS_MAX_LINES)
			return bb_err_set(e, 0, "more than %d '%c' maps", USERNS_MAX_LINES, m[i].kind);
		for (j = 0; j < i; j++) {
			if (m[j].kind != m[i].kind)
				continue;
			if (overlap(m[i].nsid, m[j].nsid, m[i].range, m[j].range) ||
			    overlap(m[i].hostid, m[j].hostid, m[i].range, m[j].range))
				return bb_err_set(e, 0, "maps %c:%lu:%lu:%lu and %c:%lu:%lu:%lu overlap",
						  m[j].kind, m[j].nsid, m[j].hostid, m[j].range,
						  m[i].kind, m[i].nsid, m[i].hostid, m[i].range);
		}
	}
	return 0;
}

int userns_maps_id(const struct conf_idmap *m, size_t n, char kind, unsigned long id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (m[i].kind == kind && id >= m[i].nsid && id - m[i].nsid < m[i].range)
			return 1;
	return 0;
}

unsigned long userns_first_free(const struct conf_idmap *m, size_t n, char kind)
{
	unsigned long id = 0;
	size_t i;
	int moved = 1;

	/* Step past every map that covers id until none does. */
	while (moved) {
		moved = 0;
		for (i = 0; i < n; i++)
			if (m[i].kind == kind && id >= m[i].nsid && id - m[i].nsid < m[i].range) {
				id = m[i].nsid + m[i].range;
				moved = 1;
			}
	}
	return id;
}

/* One write of the whole map, as the kernel wants it. */
static int write_proc(pid_t pid, const char *file, const char *buf, size_t len, struct bb_err *e)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len) {
		bb_err_set(e, errno, "can't write %s", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* newuidmap PID NSID HOSTID RANGE ... (shadow's uidmap package). */
static int run_newidmap(pid_t pid, const struct conf_idmap *m, size_t n, char kind,
			const char *what, struct bb_err *e)
{
	const char *tool = kind == 'u' ? "newuidmap" : "newgidmap";
	char pidbuf[16], (*nums)[24] = calloc(3 * n + 1, sizeof(*nums));
	char **argv = calloc(3 * n + 3, sizeof(*argv));
	size_t i, a = 0, k = 0;
	int status, ret = -1;
	pid_t child;

	if (!nums || !argv) {
		bb_err_set(e, ENOMEM, "%s", tool);
		goto out;
	}
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)pid);
	argv[a++] = (char *)tool;
	argv[a++] = pidbuf;
	for (i = 0; i < n; i++) {
		if (m[i].kind != kind)
			continue;
		snprintf(nums[k], sizeof(nums[k]), "%lu", m[i].nsid);
		snprintf(nums[k + 1], sizeof(nums[k + 1]), "%lu", m[i].hostid);
		snprintf(nums[k + 2], sizeof(nums[k + 2]), "%lu", m[i].range);
		argv[a++] = nums[k], argv[a++] = nums[k + 1], argv[a++] = nums[k + 2];
		k += 3;
	}
	argv[a] = NULL;
	child = fork();
	if (child < 0) {
		bb_err_set(e, errno, "%s", tool);
		goto out;
	}
	if (child == 0) {
		execvp(tool, argv);
		_exit(errno == ENOENT ? 127 : 126);
	}
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR) {
			bb_err_set(e, errno, "%s", tool);
			goto out;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		bb_err_set(e, ENOENT, "%s is not installed (Debian's uidmap package)", tool);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		bb_err_set(e, 0, "%s refused %s's '%c' lines (are they in /etc/sub%cid for this user?)",
			   tool, what, kind, kind);
	else
		ret = 0;
out:
	free(nums);
	free(argv);
	return ret;
}

int userns_write_maps(pid_t pid, const struct conf_idmap *m, size_t n, const char *what,
		      struct bb_err *e)
{
	static const char kinds[2] = { 'u', 'g' };
	int k;

	for (k = 0; k < 2; k++) {
		size_t i, lines = 0;

		for (i = 0; i < n; i++)
			lines += m[i].kind == kinds[k];
		if (!lines)
			return bb_err_set(e, 0, "%s has no '%c' line", what, kinds[k]);
		if (lines > USERNS_MAX_LINES)
			return bb_err_set(e, 0, "%s has more than %d '%c' lines", what,
					  USERNS_MAX_LINES, kinds[k]);
	}
	for (k = 0; k < 2; k++) {
		char buf[USERNS_MAX_LINES * 34 + 1], file[8];
		size_t i, len = 0;

		if (geteuid() != 0) {
			if (run_newidmap(pid, m, n, kinds[k], what, e) < 0)
				return -1;
			continue;
		}
		for (i = 0; i < n; i++)
			if (m[i].kind == kinds[k])
				len += snprintf(buf + len, sizeof(buf) - len, "%lu %lu %lu\n",
						m[i].nsid, m[i].hostid, m[i].range);
		snprintf(file, sizeof(file), "%cid_map", kinds[k]);
		if (write_proc(pid, file, buf, len, e) < 0)
			return -1;
	}
	return 0;
}

int userns_map_self(pid_t pid, uid_t nsuid, gid_t nsgid, struct bb_err *e)
{
	char buf[64];
	int n;

	if (geteuid() != 0 && write_proc(pid, "setgroups", "deny", 4, e) < 0 && e->errnum != ENOENT)
		return -1;
	n = snprintf(buf, sizeof(buf), "%lu %lu 1\n", (unsigned long)nsuid, (unsigned long)geteuid());
	if (write_proc(pid, "uid_map", buf, (size_t)n, e) < 0)
		return -1;
	n = snprintf(buf, sizeof(buf), "%lu %lu 1\n", (unsigned long)nsgid, (unsigned long)getegid());
	return write_proc(pid, "gid_map", buf, (size_t)n, e);
}

/* The system configuration, lxc.conf(5): what lxc-config prints.
 * A value comes from the environment (lxc.lxcpath: $CTBOX_LXCPATH), else
 * from the first "KEY = VALUE" line of /etc/lxc/lxc.conf
 * ($CTBOX_LXC_CONF), else from ctbox's default. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf_int.h"

static const struct {
	const char *key, *env, *def;
} sys_keys[] = {
	{ "lxc.default_config", NULL, "/etc/lxc/default.conf" },
	{ "lxc.lxcpath", "CTBOX_LXCPATH", CTBOX_DEFAULT_LXCPATH },
	{ "lxc.cgroup.pattern", NULL, "lxc.payload.%n" },
};

const char *conf_system_key(size_t i)
{
	return i < ARRAY_SIZE(sys_keys) ? sys_keys[i].key : NULL;
}

const char *conf_system_path(void)
{
	const char *env = getenv("CTBOX_LXC_CONF");

	return env && *env ? env : "/etc/lxc/lxc.conf";
}

/* The value of key in text, or NULL. */
static char *find_value(char *text, const char *key)
{
	char *line, *save = NULL;
	size_t kl = strlen(key);

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *v, *end;

		line += strspn(line, " \t");
		if (strncmp(line, key, kl) != 0)
			continue;
		v = line + kl + strspn(line + kl, " \t");
		if (*v != '=')
			continue;
		v++;
		v += strspn(v, " \t");
		end = v + strlen(v);
		while (end > v && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			end--;
		*end = '\0';
		return strdup(v);
	}
	return NULL;
}

char *conf_system_get(const char *key, struct bb_err *e)
{
	const char *path = conf_system_path();
	char *text, *v = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sys_keys); i++)
		if (strcmp(key, sys_keys[i].key) == 0)
			break;
	if (i == ARRAY_SIZE(sys_keys)) {
		char shown[80];

		bb_err_set(e, 0, "unknown configuration item '%s'", conf_shown(key, shown, sizeof(shown)));
		return NULL;
	}
	if (sys_keys[i].env) {
		const char *env = getenv(sys_keys[i].env);

		if (env && *env) {
			v = strdup(env);
			goto out;
		}
	}
	text = read_file(path, 1 << 20, NULL);
	if (!text && errno != ENOENT) {
		bb_err_set(e, errno, "%s", path);
		return NULL;
	}
	if (text) {
		v = find_value(text, key);
		free(text);
	}
	if (!v)
		v = strdup(sys_keys[i].def);
out:
	if (!v)
		conf_nomem(e);
	return v;
}

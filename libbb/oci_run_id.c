/* OCI container ids: what runc takes ([A-Za-z0-9_+.-]), within what
 * ctbox takes as a container name. */
#include <string.h>

#include "oci_run.h"

int oci_check_id(const char *id, struct bb_err *e)
{
	const char *p;

	if (!id || !*id)
		return bb_err_set(e, 0, "container id cannot be empty");
	if (strlen(id) > CTBOX_NAME_MAX || !strcmp(id, ".") || !strcmp(id, ".."))
		return bb_err_set(e, 0, "invalid id format: %.80s", id);
	for (p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      strchr("_+-.", *p)))
			return bb_err_set(e, 0, "invalid id format: %.80s", id);
	/* ctbox's own names may not start with '.' or '-' either. */
	if (bb_check_name(id, &p) < 0)
		return bb_err_set(e, 0, "invalid id format: %.80s (%s)", id, p);
	return 0;
}

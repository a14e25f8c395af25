/* OCI image layouts (image-spec 1.0): unpack a tagged image into a
 * runtime bundle, make an empty layout, list its tags.
 *
 *   oci_image_unpack("img", "latest", "bundle", &e)
 *       reads img/oci-layout, img/index.json, the manifest and config
 *       blobs, verifies every blob's SHA-256 and size against its
 *       descriptor before use, applies the layers (tar, tar+gzip) with
 *       their whiteouts into bundle/rootfs and writes bundle/config.json.
 *
 * Errors name the file or blob: "blob sha256:ab12...: size 10, expected
 * 12", "tag 'x' not found (tags: latest, v1)". On failure nothing made is
 * left behind. Nothing here prints or exits.
 */
#ifndef CTBOX_OCI_IMAGE_H
#define CTBOX_OCI_IMAGE_H

#include "libbb.h"

#define OCI_IMAGE_JSON_MAX (4 << 20)   /* bytes of index, manifest, config */

/* What a layer member's base name says (oci_image_wh.c). */
enum oci_wh {
	OCI_WH_NONE,    /* an ordinary member */
	OCI_WH_FILE,    /* ".wh.NAME": remove NAME (*target) */
	OCI_WH_OPAQUE,  /* ".wh..wh..opq": empty the directory */
	OCI_WH_BAD,     /* a whiteout naming nothing valid (*why) */
};

/* Classify the member path `name` (cleaned, relative). For OCI_WH_FILE
 * *target is the removed entry's base name and *dirlen the length of its
 * directory part in name (0 for the top). */
enum oci_wh oci_wh_classify(const char *name, const char **target, size_t *dirlen,
			    const char **why);

/* Split "LAYOUT[:TAG]" in place: the tag is after the last ':' unless
 * that part holds a '/'. *tag is "latest" when none is given. */
void oci_image_ref(char *ref, const char **tag);

/* A digest "sha256:HEX" (64 lowercase hex digits): 0, or -1 with e. */
int oci_digest_check(const char *digest, struct bb_err *e);

enum { OCI_IMAGE_ROOTLESS = 1 };  /* config.json for a rootless run */

/* Unpack the image tagged tag of layout into bundle (absent or empty).
 * A non-NULL *stop that becomes non-zero (a signal handler's flag) aborts
 * with an error, and what was made is removed. */
int oci_image_unpack(const char *layout, const char *tag, const char *bundle,
		     unsigned flags, volatile int *stop, struct bb_err *e);
/* What an image says to run (every string malloc'd): Entrypoint + Cmd,
 * Env (PATH added when missing), WorkingDir ("/" when unset), User
 * resolved to ids (oci_user_resolve), StopSignal (NULL when unset). */
struct oci_image_run {
	struct bb_strlist args, env;
	char *cwd;
	unsigned long long uid, gid;
	char *stop_signal;
};
/* Apply the layers of the image tagged tag of layout to the directory
 * rootfd and fill *run (freed here on failure). The config is checked
 * before any layer is applied; User is resolved after, against the
 * image's own files. */
int oci_image_apply(const char *layout, const char *tag, int rootfd, struct oci_image_run *run,
		    volatile int *stop, struct bb_err *e);
void oci_image_run_free(struct oci_image_run *run);

/* config.User as runc and umoci read it (oci_image_user.c): "UID" or
 * "NAME", optionally ":GID" or ":GROUP". Names are looked up in the
 * image's etc/passwd and etc/group, opened under rootfd as if it were '/'
 * (symlinks never lead out). A user without a group gets the primary gid
 * of its passwd entry (0 for a number passwd lacks). */
int oci_user_resolve(int rootfd, const char *user, unsigned long long *uid,
		     unsigned long long *gid, struct bb_err *e);
/* In text, a passwd (nids 2) or group (nids 1) file, the first entry
 * named name, or when name is NULL the first whose third field is id: 1
 * with its third (and fourth) field in ids[], 0 when there is none.
 * Blank, comment and malformed lines are skipped. */
int oci_idfile_find(const char *text, const char *name, unsigned long long id,
		    unsigned long long *ids, int nids);
/* The home directory of uid in the image's etc/passwd, or "/" (as runc
 * sets HOME), malloc'd; NULL without memory. */
char *oci_user_home(int rootfd, unsigned long long uid);

/* Make an empty layout at dir (absent or empty). */
int oci_image_init(const char *dir, struct bb_err *e);
/* Print layout's tags, one per line, to f. */
int oci_image_tags(const char *layout, FILE *f, struct bb_err *e);

/* ---- shared between the oci_image*.c files ---- */

struct json_doc;
struct json;
/* Check layout/oci-layout and parse layout/index.json into d. */
int oci_layout_open(const char *layout, struct json_doc *d, struct bb_err *e);
/* Read the blob a descriptor names, verified, parsed into d. */
int oci_blob_json(const char *layout, const struct json *desc, const char *what,
		  struct json_doc *d, struct bb_err *e);
/* Apply the layer a descriptor names to the directory rootfd. */
int oci_layer_apply(const char *layout, const struct json *desc, size_t index, int rootfd,
		    volatile int *stop, struct bb_err *e);
/* Put "what: " before e's message; returns -1. */
int oci_err_prefix(struct bb_err *e, const char *what);
/* Remove name under dirfd, a directory with everything in it. */
int oci_rm_at(int dirfd, const char *name, struct bb_err *e);

/* Remove everything inside the directory fd (closed here). */
int oci_rm_contents(int fd, struct bb_err *e);

#endif

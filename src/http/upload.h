/* Streaming multipart/form-data uploads: the "file" part goes straight to a
** temp file under DATA_DIR/attachments/tmp while its SHA-256 is computed and
** its size checked against the limit; small text fields are kept. */
#ifndef LOKET_UPLOAD_H
#define LOKET_UPLOAD_H

#include "http/http.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

enum { UPLOAD_MAX_FIELDS = 8 };

struct upload {
    struct MHD_PostProcessor *pp;
    int fd;
    char tmp_path[4200];
    char filename[256];
    size_t size, max;
    bool got_file, too_large, failed, claimed;
    int write_errno; /* of a failed write: ENOSPC and the like answer 507 */
    bool opener_only; /* the last "file" call was a part's first, empty one */
    bool extra_file;  /* a second "file" part came: refused, not joined */
    unsigned char sha[32];
    char sha_hex[65];
    const char *field_names[UPLOAD_MAX_FIELDS];
    char *field_values[UPLOAD_MAX_FIELDS];
    size_t n_fields;
    void *hash_state; /* crypto_hash_sha256_state */
};

/* Prepares rq->upload for a multipart body of at most max file bytes.
** 0, or ERR_UNSUPPORTED (415) when the body is not multipart/form-data. */
int upload_begin(struct req *rq, size_t max);
/* Feeds body bytes; never fails the connection (errors are flagged). */
void upload_feed(struct req *rq, const char *data, size_t n);
/* Finishes: closes the temp file and fills sha_hex. 0 or a negative kind
** with rq->err filled (413 too large, 400 upload.malformed for a body
** without its closing boundary or otherwise broken, 422 upload.one_file
** for more than one "file" part, 422 no file part, 507 storage.full when
** the disk refused the bytes, 500 other disk errors). */
int upload_end(struct req *rq);
/* A text field by name, or NULL. */
const char *upload_field(const struct upload *u, const char *name);
/* Moves the temp file to dest; afterwards the arena no longer deletes it. */
int upload_claim(struct req *rq, const char *dest);
/* Deletes the temp file now (a refusal: before the answer is sent, not
** after it with the arena). upload_end does it for its own refusals. */
void upload_discard(struct req *rq);
/* Deletes DATA_DIR/attachments/tmp/<x>.part files not written to for
** max_age seconds: left by a process killed mid-upload. Not at once, as a
** live upload (this node's or another's on a shared directory) writes its
** file while the body arrives. Returns the number deleted. */
int upload_sweep_tmp(const char *data_dir, time_t now, time_t max_age);

#endif

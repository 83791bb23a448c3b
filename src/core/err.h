/* Error reporting: functions return 0 or a negative enum err_kind and fill a
** struct err with a stable dotted code, an optional field and a readable
** message in Indonesian and English. http/reply.c maps kinds to statuses. */
#ifndef LOKET_ERR_H
#define LOKET_ERR_H

#include <stdbool.h>
#include <stddef.h>

enum err_kind {
    ERR_OK = 0,
    ERR_MALFORMED = -1,       /* 400: unparseable input */
    ERR_UNAUTHENTICATED = -2, /* 401 */
    ERR_FORBIDDEN = -3,       /* 403 */
    ERR_NOT_FOUND = -4,       /* 404 (also: not visible to you) */
    ERR_METHOD = -5,          /* 405 */
    ERR_CONFLICT = -6,        /* 409 */
    ERR_TOO_LARGE = -7,       /* 413 */
    ERR_UNSUPPORTED = -8,     /* 415 */
    ERR_INVALID = -9,         /* 422: validation, with fields */
    ERR_RATE_LIMITED = -10,   /* 429 */
    ERR_STORE = -11,          /* 500: the database failed */
    ERR_INTERNAL = -12,       /* 500 */
    ERR_UNAVAILABLE = -13,    /* 503 */
    ERR_STORAGE_FULL = -14,   /* 507: the disk refused to store more */
};

enum locale { LOC_ID = 0, LOC_EN = 1 };

enum { ERR_MAX_FIELDS = 16 };

struct err_field {
    char name[48];
    char msg[2][160]; /* indexed by enum locale */
};

struct err {
    enum err_kind kind;
    char code[64];     /* stable, e.g. "ticket.invalid_transition" */
    char msg[2][256];  /* indexed by enum locale */
    struct err_field fields[ERR_MAX_FIELDS];
    size_t n_fields;
};

/* Sets kind, code and both messages; returns kind so callers can
** `return err_set(...)`. Messages are printf formats sharing one arg list. */
int err_set(struct err *e, enum err_kind kind, const char *code, const char *msg_id,
            const char *msg_en, ...);
/* Like err_set with literal messages (no formatting). */
int err_text(struct err *e, enum err_kind kind, const char *code, const char *msg_id,
             const char *msg_en);
/* Adds a field problem (422) without changing the top-level message. */
void err_field(struct err *e, const char *field, const char *msg_id, const char *msg_en);
/* Shorthand for a single invalid field: kind ERR_INVALID, code "validation". */
int err_invalid(struct err *e, const char *field, const char *msg_id, const char *msg_en);
void err_clear(struct err *e);
/* The disk is full (or a file-size limit reached): code "storage.full",
** answered 507. Reads keep working; writes fail until space is freed. */
int err_storage_full(struct err *e);
/* Whether a write's errno means "no room" (ENOSPC, EDQUOT, EFBIG). */
bool err_errno_full(int e);

#endif

/* struct err helpers. */
#include "core/err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

int err_set(struct err *e, enum err_kind kind, const char *code, const char *msg_id,
            const char *msg_en, ...)
{
    va_list ap, ap2;
    e->kind = kind;
    copy(e->code, sizeof e->code, code);
    va_start(ap, msg_en);
    va_copy(ap2, ap);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(e->msg[LOC_ID], sizeof e->msg[LOC_ID], msg_id, ap);
    vsnprintf(e->msg[LOC_EN], sizeof e->msg[LOC_EN], msg_en, ap2);
#pragma GCC diagnostic pop
    va_end(ap2);
    va_end(ap);
    return kind;
}

int err_text(struct err *e, enum err_kind kind, const char *code, const char *msg_id,
             const char *msg_en)
{
    e->kind = kind;
    copy(e->code, sizeof e->code, code);
    copy(e->msg[LOC_ID], sizeof e->msg[LOC_ID], msg_id);
    copy(e->msg[LOC_EN], sizeof e->msg[LOC_EN], msg_en);
    return kind;
}

void err_field(struct err *e, const char *field, const char *msg_id, const char *msg_en)
{
    if (e->n_fields >= ERR_MAX_FIELDS)
        return;
    struct err_field *f = &e->fields[e->n_fields++];
    copy(f->name, sizeof f->name, field);
    copy(f->msg[LOC_ID], sizeof f->msg[LOC_ID], msg_id);
    copy(f->msg[LOC_EN], sizeof f->msg[LOC_EN], msg_en);
}

int err_invalid(struct err *e, const char *field, const char *msg_id, const char *msg_en)
{
    err_field(e, field, msg_id, msg_en);
    return err_set(e, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
}

void err_clear(struct err *e)
{
    memset(e, 0, sizeof *e);
}

int err_storage_full(struct err *e)
{
    return err_text(e, ERR_STORAGE_FULL, "storage.full",
                    "penyimpanan server penuh: perubahan tidak dapat disimpan, hubungi admin",
                    "the server's storage is full: changes cannot be saved, tell an administrator");
}

bool err_errno_full(int e)
{
    return e == ENOSPC || e == EDQUOT || e == EFBIG;
}

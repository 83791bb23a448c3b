/* Ticket attachments: upload (multipart, streamed; type read from the
** content by libmagic), list, and download only for those who see the
** ticket. Bytes are stored under a random name with their SHA-256. */
#include "api/api.h"
#include "api/json.h"
#include "api/ticket_common.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/filetype.h"
#include "http/mhd.h"
#include "http/reply.h"
#include "http/upload.h"
#include "svc/attachment_rule.h"
#include "svc/ticket_svc.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static json_t *attachment_json(const struct attachment *a)
{
    return json_pack("{s:I, s:s, s:s, s:I, s:s, s:b, s:o, s:o, s:s?, s:s}", "id",
                     (json_int_t)a->id, "filename", a->filename, "content_type",
                     a->content_type, "size", (json_int_t)a->size, "sha256", a->sha256,
                     "internal", a->internal, "created_at", json_time(a->created_at),
                     "uploader_id", a->uploader_id ? json_integer(a->uploader_id) : json_null(),
                     "uploader_name", a->uploader_name, "url", "");
}

/* A connection of its own, given back at once: it is not held (with its
** read snapshot) for as long as the body takes to arrive. The ticket's
** service sets the size limit the body is held to (svc/attachment_rule.h). */
int api_attachments_may_upload(struct req *rq)
{
    struct db *db = store_acquire(rq->app->store, &rq->err);
    struct ticket *t;
    struct attachment_rule rule;
    if (!db)
        return -1;
    struct actor who = api_actor(rq);
    int rc = ticket_load(rq, db, &t);
    if (rc == 0)
        rc = svc_ticket_may_attach(&who, t, -1, &rq->err);
    if (rc == 0)
        rc = svc_attachment_rule(db, rq->app->cfg, rq->arena, t->service_id, &rule, &rq->err);
    if (rc == 0)
        rq->upload_max = rule.max_bytes;
    store_release(db);
    return rc;
}

int api_attachments_upload(struct req *rq)
{
    struct db *db = req_db(rq);
    struct ticket *t;
    if (!db)
        return reply_err(rq, &rq->err);
    if (upload_end(rq) != 0)
        return reply_err(rq, &rq->err);
    struct upload *u = rq->upload;
    const char *internal_s = upload_field(u, "internal");
    bool internal = internal_s && (!strcmp(internal_s, "true") || !strcmp(internal_s, "1"));
    if (db_begin(db, &rq->err) != 0) {
        upload_discard(rq);
        return reply_err(rq, &rq->err);
    }
    /* checked again: the ticket may have changed while the body came */
    struct actor who = api_actor(rq);
    if (ticket_load(rq, db, &t) != 0 || svc_ticket_may_attach(&who, t, internal, &rq->err) != 0)
        goto fail;
    /* the rule again: the ticket may have moved to another service meanwhile */
    struct attachment_rule rule;
    if (svc_attachment_rule(db, rq->app->cfg, rq->arena, t->service_id, &rule, &rq->err) != 0)
        goto fail;
    char rnd[TOKEN_HEX];
    token_random_hex(rnd);
    struct attachment at = {.filename = u->filename, .size = (int64_t)u->size,
                            .sha256 = u->sha_hex,
                            .stored_name = arena_printf(rq->arena, "%.2s/%s", rnd, rnd),
                            .content_type = filetype_sniff_path(u->tmp_path), .internal = internal};
    if (svc_ticket_attach(db, &who, rq->arena, t, &rule, &at, &rq->err) != 0)
        goto fail;
    const char *dest = arena_printf(rq->arena, "%s/attachments/%s", config_files_dir(rq->app->cfg),
                                    at.stored_name);
    /* The file moves into place before the commit: a crash in between leaves
    ** an orphan file, never a row pointing at nothing. */
    if (upload_claim(rq, dest) != 0)
        goto fail;
    if (db_commit(db, &rq->err) != 0) {
        unlink(dest);
        goto fail;
    }
    json_t *j = attachment_json(&at);
    json_object_set_new(j, "url", json_string(arena_printf(rq->arena, "/api/v1/attachments/%lld",
                                                           (long long)at.id)));
    return reply_json(rq, 201, j);
fail:
    db_rollback(db);
    upload_discard(rq);
    return reply_err(rq, &rq->err);
}

int api_attachments_list(struct req *rq)
{
    struct db *db = req_db(rq);
    struct ticket *t;
    if (!db || ticket_load(rq, db, &t) != 0)
        return reply_err(rq, &rq->err);
    struct perm_obj o = ticket_perm_obj(t);
    struct attachment *items;
    size_t n;
    if (db_attachments_list(db, t->id,
                            perm_can(&rq->user->p, ACT_TICKET_VIEW_INTERNAL, &o),
                            rq->arena, &items, &n, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *j = attachment_json(&items[i]);
        json_object_set_new(j, "url", json_string(arena_printf(
                                          rq->arena, "/api/v1/attachments/%lld",
                                          (long long)items[i].id)));
        /* the role policy's attachment.delete, for the page's button */
        json_object_set_new(j, "can_delete",
                            json_boolean(perm_can(&rq->user->p, ACT_ATTACHMENT_DELETE, &o)));
        json_array_append_new(arr, j);
    }
    /* issue #20: the ticket's limits, so a page refuses a file too large or
    ** of the wrong type before sending it (the server checks again) */
    struct attachment_rule rule;
    if (svc_attachment_rule(db, rq->app->cfg, rq->arena, t->service_id, &rule, &rq->err) != 0) {
        json_decref(arr);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 200, json_pack("{s:o, s:{s:I, s:s}}", "items", arr, "limits",
                                         "max_bytes", (json_int_t)rule.max_bytes, "types",
                                         rule.types));
}

/* Issue #20, attachment preview: what may be shown in the browser rather
** than saved. Raster images and PDF only: SVG is an image type that carries
** script, and every other type stays a download. The type is the one
** libmagic read from the bytes at upload, never the client's. */
static bool previewable(const char *type)
{
    static const char *const ok[] = {"image/png", "image/jpeg", "image/gif", "image/webp",
                                     "application/pdf"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (!strcmp(type, ok[i]))
            return true;
    return false;
}

/* The policy of an attachment shown inline: nothing loads or runs, the
** document is sandboxed (a unique origin, no scripts, no forms), and only
** the app's own pages may frame it (the PDF in the preview dialog). */
static const char INLINE_CSP[] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
                                 "object-src 'self'; sandbox; frame-ancestors 'self'";

/* RFC 6266 filename*: percent-encode everything but unreserved characters.
** how: "attachment" (save) or "inline" (show, previewable types only). */
static char *disposition(struct arena *a, const char *how, const char *name)
{
    size_t n = strlen(name);
    char *ascii = arena_alloc(a, n + 1), *enc = arena_alloc(a, n * 3 + 1);
    size_t ai = 0, ei = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        ascii[ai++] = (*p < 0x80 && *p != '"' && *p != '\\' && *p != ';') ? (char)*p : '_';
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '.' || *p == '-' || *p == '_')
            enc[ei++] = (char)*p;
        else
            ei += (size_t)snprintf(enc + ei, 4, "%%%02X", *p);
    }
    return arena_printf(a, "%s; filename=\"%s\"; filename*=UTF-8''%s", how, ascii, enc);
}

int api_attachments_download(struct req *rq)
{
    struct db *db = req_db(rq);
    struct attachment at;
    struct ticket *t = NULL;
    if (!db)
        return reply_err(rq, &rq->err);
    int rc = db_attachment_get(db, req_param_id(rq, "id"), rq->arena, &at, &rq->err);
    if (rc == 0)
        rc = db_ticket_get_id(db, at.ticket_id, rq->arena, &t, &rq->err);
    struct perm_obj o = t ? ticket_perm_obj(t) : (struct perm_obj){0};
    if (rc != 0 || !perm_can(&rq->user->p, ACT_TICKET_VIEW, &o) ||
        (at.internal && !perm_can(&rq->user->p, ACT_TICKET_VIEW_INTERNAL, &o)))
        return reply_error(rq, ERR_NOT_FOUND, "attachment.not_found", "lampiran tidak ditemukan",
                           "attachment not found");
    const char *path = arena_printf(rq->arena, "%s/attachments/%s", config_files_dir(rq->app->cfg),
                                    at.stored_name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return reply_error(rq, ERR_NOT_FOUND, "attachment.missing",
                           "berkas lampiran hilang dari penyimpanan",
                           "the attachment's file is missing from storage");
    }
    struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
    if (!resp) {
        close(fd);
        return reply_error(rq, ERR_INTERNAL, "internal", "kesalahan internal", "internal error");
    }
    /* ?inline=1 asks to show it (the preview); other types download anyway */
    const char *want = req_query(rq, "inline");
    bool show = want && !strcmp(want, "1") && previewable(at.content_type);
    if (show)
        rq->inline_csp = INLINE_CSP;
    MHD_add_response_header(resp, "Content-Type", at.content_type);
    MHD_add_response_header(resp, "Content-Disposition",
                            disposition(rq->arena, show ? "inline" : "attachment", at.filename));
    MHD_add_response_header(resp, "X-Checksum-SHA256", at.sha256);
    rq->resp_bytes = (size_t)st.st_size;
    return reply_queue(rq, 200, resp, true);
}

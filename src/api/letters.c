/* Partner letters over HTTP (issue #17 item 4): each office's letter
** settings and logo, the letter templates, letters as PDF one at a time
** (issued on first download, the same number after) and voiding. Parse,
** call svc/letters.c, reply. Who may not use the partner administration
** gets 404, as for an unknown path (api/partner_gate.h). */
#include "api/api.h"
#include "api/json.h"
#include "api/partner_gate.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/mhd.h"
#include "http/reply.h"
#include "letters/letters.h"
#include "svc/letters.h"
#include "svc/office.h"

#include <stdlib.h>
#include <string.h>

/* the settings page's name (issue #21) over loket.conf's */
static const char *org(struct req *rq)
{
    return svc_office_name(req_db(rq), rq->app->cfg, rq->arena);
}

/* ---- settings ------------------------------------------------------------- */

/* The office in the path when rq's user administers it; 404 otherwise. */
static int office_gate(struct req *rq, int64_t *unit_id)
{
    if (partner_gate(rq, ACT_PARTNER_USE) != 0)
        return rq->err.kind;
    *unit_id = req_param_id(rq, "id");
    if (*unit_id <= 0 || !svc_letter_may_office(&rq->user->p, *unit_id))
        return err_text(&rq->err, ERR_NOT_FOUND, "unit.not_found", "unit tidak ditemukan",
                        "unit not found");
    return 0;
}

#define SETTINGS_TEXT(X)                                                                      \
    X(unit_code) X(head_lines) X(address) X(city) X(region) X(partner_role) X(ppk_name)        \
    X(ppk_nip) X(ppk_position) X(signer_name) X(signer_nip) X(signer_position)                \
    X(pattern_contract) X(pattern_assignment) X(pattern_bast) X(pattern_termination)

static json_t *settings_fields(const struct letter_settings *s)
{
    json_t *o = json_object();
#define PUT(f) json_object_set_new(o, #f, json_string(s->f ? s->f : ""));
    SETTINGS_TEXT(PUT)
#undef PUT
    return o;
}

static int reply_settings(struct req *rq, struct db *db, int64_t unit_id)
{
    struct letter_settings raw, eff;
    if (lts_settings_get(db, unit_id, rq->arena, &raw, &rq->err) != 0 ||
        svc_letter_settings(db, rq->arena, org(rq), unit_id, &eff, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *o = settings_fields(&raw);
    json_t *samples = json_object();
    for (const struct letter_kind *k = letter_kinds; k->kind; k++)
        json_object_set_new(samples, k->kind,
                            json_string(svc_letter_sample_number(rq->arena, &eff, k->kind)));
    json_object_set_new(o, "unit_id", json_integer(unit_id));
    json_object_set_new(o, "unit_name", json_string(raw.unit_name));
    json_object_set_new(o, "effective", settings_fields(&eff));
    json_object_set_new(o, "sample_numbers", samples);
    json_object_set_new(o, "has_logo", json_boolean(raw.has_logo));
    json_object_set_new(o, "logo_url",
                        raw.has_logo ? json_sprintf("/api/v1/units/%lld/letter-settings/logo",
                                                    (long long)unit_id)
                                     : json_null());
    json_object_set_new(o, "updated_at", raw.updated_at ? json_string(raw.updated_at)
                                                        : json_null());
    return reply_json(rq, 200, o);
}

int api_letter_settings_get(struct req *rq)
{
    int64_t unit_id;
    struct db *db;
    if (office_gate(rq, &unit_id) != 0 || !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    return reply_settings(rq, db, unit_id);
}

int api_letter_settings_put(struct req *rq)
{
    int64_t unit_id;
    struct db *db;
    json_t *body;
    if (office_gate(rq, &unit_id) != 0 || api_body(rq, &body) != 0 || !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    struct letter_settings s = {.unit_id = unit_id};
    /* PUT replaces: a member left out goes back to its default ("") */
#define GET(f) api_text_field(rq, body, #f, 1000, false, &s.f);
    SETTINGS_TEXT(GET)
#undef GET
    if (rq->err.n_fields) {
        err_text(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        return reply_err(rq, &rq->err);
    }
    struct letter_settings cur;
    if (lts_settings_get(db, unit_id, rq->arena, &cur, &rq->err) != 0 ||
        svc_letter_settings_check(&s, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (lts_settings_put(db, &s, rq->user->p.id, &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, "update", "letter_settings", unit_id, NULL, rq->ip,
                     &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_settings(rq, db, unit_id);
}

int api_letter_logo_get(struct req *rq)
{
    int64_t unit_id;
    struct db *db;
    const void *png;
    size_t n;
    if (office_gate(rq, &unit_id) != 0 || !(db = req_db(rq)) ||
        lts_logo_get(db, unit_id, rq->arena, &png, &n, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (!n)
        return reply_error(rq, ERR_NOT_FOUND, "letter.no_logo", "kantor ini belum punya logo",
                           "this office has no logo");
    return reply_bytes(rq, 200, "image/png", png, n);
}

static int logo_write(struct req *rq, bool remove)
{
    int64_t unit_id;
    struct db *db;
    if (office_gate(rq, &unit_id) != 0 || !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    if (!remove && letter_pdf_logo_check(rq->body, rq->body ? rq->body_len : 0, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    struct letter_settings cur; /* the unit must exist */
    if (lts_settings_get(db, unit_id, rq->arena, &cur, &rq->err) != 0 ||
        db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (lts_logo_put(db, unit_id, remove ? NULL : rq->body, remove ? 0 : rq->body_len,
                     rq->user->p.id, &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, remove ? "delete_logo" : "update_logo",
                     "letter_settings", unit_id, NULL, rq->ip, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_settings(rq, db, unit_id);
}

int api_letter_logo_put(struct req *rq)
{
    return logo_write(rq, false);
}

int api_letter_logo_delete(struct req *rq)
{
    return logo_write(rq, true);
}

/* ---- templates ------------------------------------------------------------- */

static json_t *template_json(struct req *rq, struct db *db, const struct letter_kind *k,
                             bool with_body)
{
    const char *body = NULL, *at = NULL;
    struct err e = {0};
    bool custom = lts_template_get(db, k->kind, rq->arena, &body, &at, &e) == 0;
    json_t *o = json_pack("{s:s, s:s, s:b}", "kind", k->kind, "title", k->title, "custom",
                          custom);
    json_object_set_new(o, "updated_at", custom && at ? json_string(at) : json_null());
    if (with_body) {
        json_object_set_new(o, "body", json_string(custom ? body : letter_template_default(k->kind)));
        json_object_set_new(o, "default", json_string(letter_template_default(k->kind)));
    }
    return o;
}

static const struct letter_kind *template_kind(struct req *rq)
{
    const struct letter_kind *k = letter_kind_get(req_param(rq, "kind"));
    if (!k)
        err_text(&rq->err, ERR_NOT_FOUND, "template.not_found", "templat tidak dikenal",
                 "unknown template");
    return k;
}

int api_letter_templates_list(struct req *rq)
{
    struct db *db;
    if (partner_gate(rq, ACT_PARTNER_USE) != 0 || !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    json_t *items = json_array();
    for (const struct letter_kind *k = letter_kinds; k->kind; k++)
        json_array_append_new(items, template_json(rq, db, k, false));
    return reply_json(rq, 200, json_pack("{s:o}", "items", items));
}

int api_letter_templates_get(struct req *rq)
{
    struct db *db;
    const struct letter_kind *k;
    if (partner_gate(rq, ACT_PARTNER_USE) != 0 || !(k = template_kind(rq)) ||
        !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    return reply_json(rq, 200, template_json(rq, db, k, true));
}

/* PUT {body} saves an override; reset drops it (the default applies). */
static int template_write(struct req *rq, bool reset)
{
    struct db *db;
    const struct letter_kind *k;
    json_t *body = NULL;
    if (partner_gate(rq, ACT_PARTNER_SETUP) != 0 || !(k = template_kind(rq)) ||
        (!reset && api_body(rq, &body) != 0) || !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    const char *text = reset ? NULL : json_str(body, "body");
    if (!reset && svc_letter_template_check(text, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if ((reset ? lts_template_delete(db, k->kind, &rq->err)
               : lts_template_put(db, k->kind, text, rq->user->p.id, &rq->err)) != 0 ||
        db_audit_add(db, rq->user->p.id, reset ? "reset" : "update", "letter_templates", 0,
                     k->kind, rq->ip, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 200, template_json(rq, db, k, true));
}

int api_letter_templates_put(struct req *rq)
{
    return template_write(rq, false);
}

int api_letter_templates_reset(struct req *rq)
{
    return template_write(rq, true);
}

/* ---- letters --------------------------------------------------------------- */

static json_t *letter_json(const struct letter_rec *l)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:I, s:s, s:s, s:I, s:s, s:I}", "id",
                          (json_int_t)l->id, "kind", l->kind, "number", l->number, "partner_id",
                          (json_int_t)l->partner_id, "unit_id", (json_int_t)l->unit_id, "month",
                          l->month, "letter_date", l->letter_date, "seq", (json_int_t)l->seq,
                          "issued_at", l->issued_at, "year", (json_int_t)l->year);
    json_object_set_new(o, "assignment_id",
                        l->assignment_id ? json_integer(l->assignment_id) : json_null());
    json_object_set_new(o, "voided_at", l->voided_at ? json_string(l->voided_at) : json_null());
    json_object_set_new(o, "void_reason",
                        l->void_reason ? json_string(l->void_reason) : json_null());
    return o;
}

static int reply_letter_pdf(struct req *rq, struct db *db, const struct letter_want *w)
{
    struct letter_rec l;
    if (svc_letter_issue(db, rq->arena, org(rq), &rq->user->p, w, false, &l, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    struct letter_cache *c = svc_letter_cache_new();
    struct letter_pdf *lp = NULL;
    unsigned char *bytes = NULL;
    size_t len = 0;
    int rc = c ? letter_pdf_open(NULL, svc_letter_cache_shapes(c), &lp, &rq->err)
               : err_text(&rq->err, ERR_INTERNAL, "internal", "memori habis", "out of memory");
    if (rc == 0) {
        rc = svc_letter_render(db, rq->arena, org(rq), c, &l, lp, &rq->err);
        int rc2 = letter_pdf_close(lp, rc == 0, &bytes, &len, &rq->err);
        rc = rc ? rc : rc2;
    }
    svc_letter_cache_free(c);
    if (rc != 0)
        return reply_err(rq, &rq->err);
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, bytes, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(bytes);
        return reply_error(rq, ERR_INTERNAL, "internal", "kesalahan internal", "internal error");
    }
    MHD_add_response_header(resp, "Content-Type", "application/pdf");
    MHD_add_response_header(resp, "Content-Disposition",
                            arena_printf(rq->arena, "inline; filename=\"%s-%lld-%s.pdf\"",
                                         l.kind, (long long)l.partner_id, l.month));
    /* the number and the letter's id travel in headers too, so a client
    ** need not parse the PDF (printable ASCII only: header bytes) */
    bool ascii = true;
    for (const char *p = l.number; *p; p++)
        ascii = ascii && *p >= 0x20 && *p < 0x7f;
    if (ascii)
        MHD_add_response_header(resp, "X-Letter-Number", l.number);
    if (l.id) /* a preview is no letter */
        MHD_add_response_header(resp, "X-Letter-Id",
                                arena_printf(rq->arena, "%lld", (long long)l.id));
    rq->resp_bytes = len;
    return reply_queue(rq, 200, resp, true);
}

/* ?preview=true: draw a letter not issued yet without issuing it. */
static bool preview(struct req *rq)
{
    const char *v = req_query(rq, "preview");
    return v && (!strcmp(v, "true") || !strcmp(v, "1"));
}

/* One handler per kind (the route table keeps resource descriptors in arg). */
static int partner_letter_pdf(struct req *rq, const char *kind)
{
    struct db *db;
    if (partner_gate(rq, ACT_PARTNER_USE) != 0 || !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    const char *month = req_query(rq, "month");
    if (!month || !*month)
        return reply_err(rq, (err_invalid(&rq->err, "month", "wajib diisi (YYYY-MM)",
                                          "is required (YYYY-MM)"), &rq->err));
    struct letter_want w = {kind, req_param_id(rq, "id"), 0, month, req_query(rq, "date"),
                            preview(rq)};
    return reply_letter_pdf(rq, db, &w);
}

int api_partner_contract_pdf(struct req *rq)
{
    return partner_letter_pdf(rq, "contract");
}

int api_partner_bast_pdf(struct req *rq)
{
    return partner_letter_pdf(rq, "bast");
}

int api_partner_termination_pdf(struct req *rq)
{
    return partner_letter_pdf(rq, "termination");
}

int api_assignment_letter_pdf(struct req *rq)
{
    struct db *db;
    if (partner_gate(rq, ACT_PARTNER_USE) != 0 || !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    struct letter_want w = {"assignment", 0, req_param_id(rq, "id"), NULL,
                            req_query(rq, "date"), preview(rq)};
    return reply_letter_pdf(rq, db, &w);
}

int api_partner_letters_list(struct req *rq)
{
    struct db *db;
    if (partner_gate(rq, ACT_PARTNER_USE) != 0 || !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    struct letter_partner p;
    int64_t scope = svc_letter_scope(&rq->user->p);
    if (lts_partner_get(db, req_param_id(rq, "id"), rq->arena, &p, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (scope > 0 && p.unit_id != scope)
        return reply_error(rq, ERR_NOT_FOUND, "partner.not_found", "mitra tidak ditemukan",
                           "partner not found");
    const char *month = req_query(rq, "month");
    struct letter_rec *items;
    size_t n;
    if (lts_letter_list(db, 0, p.id, month && *month ? month : NULL, 500, rq->arena, &items, &n,
                        &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, letter_json(&items[i]));
    return reply_json(rq, 200, json_pack("{s:o}", "items", arr));
}

int api_letters_void(struct req *rq)
{
    struct db *db;
    json_t *body;
    if (partner_gate(rq, ACT_PARTNER_USE) != 0 || api_body(rq, &body) != 0 ||
        !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    const char *reason = NULL;
    api_text_field(rq, body, "reason", 500, true, &reason);
    if (rq->err.n_fields) {
        err_text(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        return reply_err(rq, &rq->err);
    }
    struct letter_rec l;
    int64_t scope = svc_letter_scope(&rq->user->p);
    if (lts_letter_get(db, req_param_id(rq, "id"), rq->arena, &l, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (scope > 0 && l.unit_id != scope)
        return reply_error(rq, ERR_NOT_FOUND, "letter.not_found", "surat tidak ditemukan",
                           "letter not found");
    if (l.voided_at)
        return reply_error(rq, ERR_CONFLICT, "letter.voided", "surat sudah dibatalkan",
                           "the letter is void already");
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (lts_letter_void(db, l.id, rq->user->p.id, reason, &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, "void", "letters", l.id, l.number, rq->ip,
                     &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    if (lts_letter_get(db, l.id, rq->arena, &l, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    return reply_json(rq, 200, letter_json(&l));
}

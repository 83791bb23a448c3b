/* The WhatsApp booking dialogue wired to the store and the booking rules
** (issue #16 item 5): loads the sender's saved state and what the pure
** state machine (wa_dialog.c) needs to read, runs one step, carries out its
** action with the same svc/booking functions as the API (the sender's
** account as the actor, channel "whatsapp"), saves the state (forgotten
** after wa_dialog_minutes of silence) and queues the reply, which the
** WhatsApp sender posts at once. Runs inside the webhook's transaction; a
** booking that fails is rolled back to a savepoint of its own. */
#include "channels/intake.h"
#include "channels/wa_booking.h"
#include "channels/wa_dialog.h"
#include "channels/whatsapp.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "store/booking_invites.h"
#include "store/channels.h"
#include "svc/booking.h"
#include "svc/booking_invite.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { WAB_DAYS_AHEAD = 30, WAB_MAX_SERVICES = 20 };

/* The poli that take bookings by themselves (self_booking), by id. */
static int load_services(struct db *db, struct arena *a, struct wad_ctx *c, struct err *err)
{
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = WAB_MAX_SERVICES,
                          .n_filters = 2};
    q.filters[0].field = resource_field(&res_services, "kind");
    q.filters[0].val = (struct value){.set = true, .s = "appointment"};
    q.filters[1].field = resource_field(&res_services, "active");
    q.filters[1].val = (struct value){.set = true, .i = 1};
    struct record **items;
    size_t n;
    int64_t total;
    if (db_rec_list(db, &res_services, &q, a, &items, &n, &total, err) != 0)
        return err->kind;
    struct wad_service *sv = arena_alloc(a, (n ? n : 1) * sizeof *sv);
    c->services = sv;
    c->n_services = 0;
    int name = resource_field(&res_services, "name");
    for (size_t i = 0; i < n; i++) {
        struct schedule s;
        struct err e2 = {0};
        if (bk_schedule_get(db, items[i]->id, a, &s, &e2) != 0 || strcmp(s.mode, "self_booking"))
            continue;
        sv[c->n_services++] = (struct wad_service){items[i]->id, items[i]->v[name].s};
    }
    return 0;
}

/* The open days of the next WAB_DAYS_AHEAD from today, with their room. */
static int load_days(struct db *db, struct arena *a, const struct booking_ctx *bc, int64_t now,
                     const struct wad_day **out, size_t *n, struct err *err)
{
    char today[11], last[11];
    booking_today(bc, now, today);
    time_t t = (time_t)(now + bc->cal.utc_offset_min * 60 + (WAB_DAYS_AHEAD - 1) * 86400);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(last, sizeof last, "%Y-%m-%d", &tm);
    json_t *av;
    if (booking_availability(db, a, bc->service_id, today, last, now, &av, err) != 0)
        return err->kind;
    json_t *days = json_object_get(av, "days"), *d;
    struct wad_day *w = arena_alloc(a, (json_array_size(days) + 1) * sizeof *w);
    size_t i, k = 0;
    json_array_foreach(days, i, d)
    {
        const char *date = json_string_value(json_object_get(d, "date"));
        if (!json_is_true(json_object_get(d, "open")) || !date || strlen(date) != 10)
            continue;
        memcpy(w[k].date, date, 11);
        w[k++].remaining = json_integer_value(json_object_get(d, "remaining"));
    }
    json_decref(av);
    *out = w;
    *n = k;
    return 0;
}

/* The booking form as the dialogue asks it. */
static void load_fields(struct arena *a, const struct booking_ctx *bc, struct wad_ctx *c)
{
    size_t n = json_array_size(bc->form), i;
    struct wad_field *f = arena_alloc(a, (n ? n : 1) * sizeof *f);
    json_t *x;
    json_array_foreach(bc->form, i, x)
    {
        json_t *opts = json_object_get(x, "options");
        const char **o = arena_alloc(a, (json_array_size(opts) + 1) * sizeof *o);
        size_t k;
        json_t *ov;
        json_array_foreach(opts, k, ov) o[k] = json_string_value(ov);
        f[i] = (struct wad_field){.key = json_string_value(json_object_get(x, "key")),
                                  .label = json_string_value(json_object_get(x, "label")),
                                  .type = json_string_value(json_object_get(x, "type")),
                                  .required = json_is_true(json_object_get(x, "required")),
                                  .options = o, .n_options = json_array_size(opts)};
        if (!f[i].key || !f[i].type) /* validated when saved; never trust it blindly */
            f[i] = (struct wad_field){.key = "?", .type = "text"};
    }
    c->fields = f;
    c->n_fields = n;
}

/* ctx->fields and days of service_id (bc loaded; free with booking_ctx_free). */
static int load_service(struct db *db, struct arena *a, int64_t service_id, int64_t now,
                        struct booking_ctx *bc, struct wad_ctx *c, struct err *err)
{
    if (booking_ctx_load(db, a, service_id, bc, err) != 0)
        return err->kind;
    load_fields(a, bc, c);
    char *today = arena_alloc(a, 11);
    booking_today(bc, now, today);
    c->today = today;
    return load_days(db, a, bc, now, &c->days, &c->n_days, err);
}

static const char *quota(struct db *db, struct arena *a, const struct wad_ctx *c,
                         int64_t service_id, int64_t now, struct err *err)
{
    const char *text = NULL;
    for (size_t i = 0; i < c->n_services; i++) {
        if (service_id && c->services[i].id != service_id)
            continue;
        struct booking_ctx bc;
        struct wad_ctx one = {0};
        int rc = load_service(db, a, c->services[i].id, now, &bc, &one, err);
        booking_ctx_free(&bc);
        if (rc != 0)
            return NULL;
        const char *q = wad_quota_text(a, c->services[i].name, one.days, one.n_days);
        text = text ? arena_printf(a, "%s\n\n%s", text, q) : q;
    }
    return text ? text : "Maaf, saat ini belum ada poli yang dapat didaftarkan lewat WhatsApp.";
}

/* The sender's account (created from the WhatsApp profile or the form's
** name when the number is new: the booking needs a requester). */
static int actor_of(struct intake *in, const struct wa_msg *m, const char *digits,
                    const struct wad_state *st, int64_t *uid, struct user_auth *u)
{
    if (!*uid) {
        const char *name = m->name;
        if (!name || !*name)
            name = json_string_value(json_object_get(st->answers, "nama"));
        if (intake_requester(in, name && *name ? name : arena_printf(in->a, "+%s", digits), NULL,
                             arena_printf(in->a, "+%s", digits), uid) != 0)
            return in->err->kind;
    }
    return db_user_by_id(in->db, *uid, in->a, u, in->err);
}

/* WAD_BOOK: the same booking_create as POST /api/v1/bookings. */
static const char *book(struct intake *in, const struct wa_msg *m, const char *digits,
                        int64_t *uid, struct wad_state *st, const struct wad_ctx *c,
                        const struct booking_ctx *bc, int64_t now, int64_t *ticket_id, int *rc)
{
    struct db *db = in->db;
    struct arena *a = in->a;
    struct user_auth actor;
    if ((*rc = actor_of(in, m, digits, st, uid, &actor)) != 0)
        return NULL;
    /* The signed webhook vouches for the sender: the booking is the
    ** sender's own, with channel whatsapp (booking_create trusts its
    ** caller's channel; the API lets only staff name one). */
    struct booking_req r = {.service_id = st->service_id, .date = st->date,
                            .answers = st->answers, .channel = "whatsapp"};
    struct booking_result res;
    struct err e = {0};
    if ((*rc = db_savepoint(db, 0, in->err)) != 0)
        return NULL;
    if (booking_create(db, a, in->cfg, &actor, &r, now, &res, &e) == 0) {
        *rc = db_savepoint(db, 1, in->err);
        char date[11], hhmm[6], zone[12];
        booking_when(bc, res.b, date, hhmm, zone);
        *ticket_id = res.t->id;
        const char *text = wad_booked_text(a, bc->service_name, st->date, res.b->queue_number,
                                           arena_printf(a, "%s %s", hhmm, zone),
                                           res.b->ticket_number, res.b->meeting_url);
        wad_state_free(st);
        wad_state_init(st);
        return text;
    }
    if ((*rc = db_savepoint(db, 2, in->err)) != 0)
        return NULL;
    if (!strcmp(e.code, "appointment.full") || !strcmp(e.code, "appointment.closed"))
        return wad_full_text(a, st, res.next_available[0] ? res.next_available : NULL);
    if (!strcmp(e.code, "appointment.duplicate")) {
        wad_state_free(st);
        wad_state_init(st);
        return "Anda sudah terdaftar di poli ini pada tanggal itu. Ketik KUOTA untuk melihat "
               "hari lain, atau BATAL <nomor pendaftaran> untuk membatalkan.";
    }
    for (size_t i = 0; i < e.n_fields; i++)
        if (!strncmp(e.fields[i].name, "answers.", 8))
            return wad_reask(a, c, st, e.fields[i].name + 8, e.fields[i].msg[LOC_ID]);
    if (e.kind == ERR_STORE || e.kind == ERR_INTERNAL || e.kind == ERR_UNAVAILABLE) {
        *in->err = e;
        *rc = e.kind;
        return NULL;
    }
    return wad_reask(a, c, st, "", e.msg[LOC_ID]);
}

/* WAD_CANCEL: the sender's own booking by its number, like POST .../cancel. */
static const char *cancel(struct intake *in, const struct wa_msg *m, const char *digits,
                          int64_t *uid, const struct wad_state *st, const char *number,
                          int64_t now, int64_t *ticket_id, int *rc)
{
    struct db *db = in->db;
    struct ticket *t;
    struct booking *b;
    struct err e = {0};
    static const char unknown[] = "Nomor pendaftaran %s tidak ditemukan pada nomor WhatsApp ini.";
    if (!*uid || db_ticket_get(db, number, in->a, &t, &e) != 0 ||
        bk_get_by_ticket(db, t->id, in->a, &b, &e) != 0 || b->requester_id != *uid)
        return arena_printf(in->a, unknown, number);
    struct user_auth actor;
    if ((*rc = actor_of(in, m, digits, st, uid, &actor)) != 0 ||
        (*rc = db_savepoint(db, 0, in->err)) != 0)
        return NULL;
    struct booking_result res;
    if (booking_cancel(db, in->a, in->cfg, &actor, b->id, "dibatalkan lewat WhatsApp", now, &res,
                       &e) == 0) {
        *ticket_id = t->id;
        *rc = db_savepoint(db, 1, in->err);
        return arena_printf(in->a, "Pendaftaran %s dibatalkan. Terima kasih, tempatnya kini dapat "
                                   "dipakai orang lain.", number);
    }
    if ((*rc = db_savepoint(db, 2, in->err)) != 0)
        return NULL;
    return arena_printf(in->a, "Pendaftaran %s tidak dapat dibatalkan: %s", number, e.msg[LOC_ID]);
}

int wa_booking_handle(struct intake *in, const struct wa_msg *m, const char *digits,
                      int64_t uid, bool *handled)
{
    struct db *db = in->db;
    struct arena *a = in->a;
    *handled = false;
    if (strcmp(m->kind, "text") != 0 || m->media_id)
        return 0;
    int64_t now = (int64_t)time(NULL);
    const char *saved = NULL;
    if (wa_dialog_get(db, digits, now, a, &saved, in->err) != 0)
        return in->err->kind;
    struct wad_state st;
    if (wad_state_load(saved, &st) != 0 && saved)
        log_msg(LOG_WARN, "whatsapp dialogue of %s: unreadable state dropped", digits);
    if (!wad_wants(a, &st, m->text)) { /* an ordinary message: the ticket intake's */
        wad_state_free(&st);
        return 0;
    }
    struct wad_ctx c = {0};
    struct booking_ctx bc = {0};
    bool have_bc = false;
    int rc = load_services(db, a, &c, in->err);
    if (rc == 0 && st.service_id) {
        rc = load_service(db, a, st.service_id, now, &bc, &c, in->err);
        have_bc = true;
        if (rc == ERR_NOT_FOUND) { /* the poli closed meanwhile: start over */
            err_clear(in->err);
            wad_state_free(&st);
            wad_state_init(&st);
            c.fields = NULL, c.n_fields = 0, c.days = NULL, c.n_days = 0;
            rc = 0;
        }
    }
    struct wad_out out;
    if (rc == 0)
        wad_step(a, &c, &st, m->text, &out);
    const char *reply = NULL;
    int64_t ticket_id = 0;
    if (rc == 0) {
        switch (out.act) {
        case WAD_PASS:
            break;
        case WAD_REPLY:
            reply = out.reply;
            break;
        case WAD_SHOW_DAYS:
            if (have_bc)
                booking_ctx_free(&bc);
            have_bc = true;
            if ((rc = load_service(db, a, st.service_id, now, &bc, &c, in->err)) == 0)
                reply = arena_printf(a, "%s\n%s", out.reply, wad_days_text(a, c.days, c.n_days));
            break;
        case WAD_QUOTA:
            reply = quota(db, a, &c, out.service_id, now, in->err);
            rc = reply ? 0 : in->err->kind;
            break;
        case WAD_BOOK:
            reply = book(in, m, digits, &uid, &st, &c, &bc, now, &ticket_id, &rc);
            break;
        case WAD_CANCEL:
            reply = cancel(in, m, digits, &uid, &st, out.number, now, &ticket_id, &rc);
            break;
        }
    }
    if (have_bc)
        booking_ctx_free(&bc);
    if (rc == 0 && out.act != WAD_PASS) {
        const char *keep = wad_state_dump(a, &st);
        bool fresh;
        if ((rc = wa_dialog_put(db, digits, keep, now, now + in->cfg->wa_dialog_minutes * 60,
                                in->err)) == 0 &&
            (rc = wa_queue_text(db, uid, ticket_id, digits, reply ? reply : "", in->err)) == 0 &&
            (rc = chan_wa_inbound_add(db, m->wamid, digits, m->at, m->kind, ticket_id, &fresh,
                                      in->err)) == 0)
            *handled = true;
    }
    wad_state_free(&st);
    return rc;
}

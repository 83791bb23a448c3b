/* The rules of bookings (see booking.h): who may book and for whom, the
** form's answers, the place a booking holds, its queue number and estimated
** time, and its moves (cancel, reschedule, call, served, no-show), each
** mirrored on the booking's ticket.
**
** No overbooking: every write here runs inside one write transaction of
** the caller, and the capacity check (reads of the places held) and the
** insert of the place that follows it are in that same transaction. The
** HTTP API runs them on the single group-commit writer (svc/writer.c), one
** job after another; any other caller (the WhatsApp intake) opens its own
** with db_begin, which is BEGIN IMMEDIATE: SQLite lets one writer in at a
** time, from its begin to its commit, so no booking's check and insert are
** ever interleaved with another's. Should a writer ever slip in anyway, the
** unique indexes of migration 0014 on (service, slot, seat) and (service,
** day, day_seat) refuse the second holder of a place: seats are numbered
** 1..capacity, so capacity rows is the most a slot or a day can hold. */
#include "svc/booking.h"
#include "auth/crypto.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/qarg.h"
#include "core/config.h"
#include "core/form.h"
#include "core/ticket.h"
#include "core/timefmt.h"
#include "svc/booking_ctx_cache.h"
#include "svc/booking_notify.h"
#include "svc/svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const channels[] = {"web", "email", "whatsapp", "phone", "walk_in", NULL};

static json_t *iso_or_null(int64_t t)
{
    if (!t)
        return json_null();
    char buf[32];
    time_fmt_iso(buf, sizeof buf, (time_t)t);
    return json_string(buf);
}

void booking_today(const struct booking_ctx *ctx, int64_t now, char out[11])
{
    slots_ymd(slots_local_day(&ctx->cal, now), out);
}

/* The days from..to with the places held, for the capacity arithmetic.
** self's own place, when it holds one, is left out (it is moving). */
static int load_days(struct db *db, struct arena *a, const struct booking_ctx *ctx,
                     int32_t from, int32_t to, int64_t now, const struct booking *self,
                     struct slot_day **out, struct err *err)
{
    size_t n = (size_t)(to - from + 1);
    struct slot_day *days = arena_alloc(a, n * sizeof *days);
    char f[11], t[11];
    slots_ymd(from, f);
    slots_ymd(to, t);
    struct booking_count *c;
    size_t nc;
    if (bk_counts(db, ctx->service_id, f, t, a, &c, &nc, err) != 0)
        return err->kind;
    for (size_t i = 0; i < n; i++)
        slots_day_init(&days[i], &ctx->cal, &ctx->rules, from + (int32_t)i, now);
    for (size_t k = 0; k < nc; k++) {
        int32_t day = bizcal_day(c[k].day);
        if (day < from || day > to)
            continue;
        struct slot_day *d = &days[day - from];
        int n_held = c[k].n - (self && self->seat && self->slot_start == c[k].slot_start);
        int i = slots_index(&ctx->cal, day, c[k].slot_start, ctx->rules.slot_minutes);
        if (i >= 0)
            d->taken[i] += n_held;
        /* places held outside today's slots (the hours changed) still count for the day */
        d->day_taken += n_held;
    }
    *out = days;
    return 0;
}

static int next_available(struct db *db, struct arena *a, const struct booking_ctx *ctx,
                          int32_t after, int64_t now, struct booking_result *res,
                          struct err *err)
{
    struct slot_day *days;
    res->next_available[0] = 0;
    if (load_days(db, a, ctx, after + 1, after + SLOTS_RANGE_DAYS, now, NULL, &days, err) != 0)
        return err->kind;
    int i = slots_next_with_room(days, SLOTS_RANGE_DAYS);
    if (i >= 0)
        slots_ymd(days[i].day, res->next_available);
    return 0;
}

static int no_room(struct db *db, struct arena *a, const struct booking_ctx *ctx, int32_t day,
                   bool closed, int64_t now, struct booking_result *res, struct err *err)
{
    if (next_available(db, a, ctx, day, now, res, err) != 0)
        return err->kind;
    char ymd[11];
    slots_ymd(day, ymd);
    const char *nx = res->next_available[0] ? res->next_available : "-";
    if (closed)
        return err_set(err, ERR_CONFLICT, "appointment.closed",
                       "Layanan tutup pada %s; hari berikutnya yang masih ada tempat: %s",
                       "The service is closed on %s; next day with room: %s", ymd, nx);
    return err_set(err, ERR_CONFLICT, "appointment.full",
                   "Kuota %s penuh; hari berikutnya yang masih ada tempat: %s",
                   "%s is full; next day with room: %s", ymd, nx);
}

static int without(int *seats, size_t n, int seat)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (seats[i] != seat || seat == 0)
            seats[k++] = seats[i];
        else
            seat = 0; /* only once */
    return (int)k;
}

/* Gives b a place on `day` (in slot_req, or the first with room), its seat
** numbers, queue number (a new one when the day changes) and estimated
** time. Writes nothing: the caller saves b. */
static int hold_place(struct db *db, struct arena *a, const struct booking_ctx *ctx,
                      struct booking *b, int32_t day, int64_t slot_req, int64_t now,
                      struct booking_result *res, struct err *err)
{
    struct slot_day *d;
    const struct booking *self = b->id && b->seat ? b : NULL;
    if (load_days(db, a, ctx, day, day, now, self, &d, err) != 0)
        return err->kind;
    if (!d->open)
        return no_room(db, a, ctx, day, true, now, res, err);
    int i;
    if (slot_req) {
        i = slots_index(&ctx->cal, day, slot_req, ctx->rules.slot_minutes);
        if (i < 0 || i < d->first)
            return err_invalid(err, "slot_start",
                               "bukan awal slot yang masih dibuka pada tanggal itu",
                               "not the start of a slot still open on that date");
        if (slots_slot_remaining(d, i) <= 0)
            return no_room(db, a, ctx, day, false, now, res, err);
    } else if ((i = slots_pick(d)) < 0) {
        return no_room(db, a, ctx, day, false, now, res, err);
    }
    char ymd[11];
    slots_ymd(day, ymd);
    int64_t start = slots_start(&ctx->cal, day, i, ctx->rules.slot_minutes);
    int *seats, *day_seats;
    size_t ns, nd;
    if (bk_seats(db, ctx->service_id, ymd, start, a, &seats, &ns, err) != 0)
        return err->kind;
    if (self && self->slot_start == start)
        ns = (size_t)without(seats, ns, self->seat);
    int seat = slots_free_seat(seats, ns, d->cap), day_seat = 0;
    if (!self) {
        /* Day places are unique numbers 1..capacity, held by the day_taken
        ** bookings with a place: when the highest held is day_taken, they
        ** are exactly 1..day_taken and the lowest free is the next one. One
        ** index lookup instead of reading the whole day's places for every
        ** booking (bench/README.md, appointments); with gaps (cancellations)
        ** the day is read as before. */
        int last;
        if (bk_last_day_seat(db, ctx->service_id, ymd, &last, err) != 0)
            return err->kind;
        if (last == d->day_taken && last < d->capacity)
            day_seat = last + 1;
    }
    if (!day_seat) {
        if (bk_seats(db, ctx->service_id, ymd, 0, a, &day_seats, &nd, err) != 0)
            return err->kind;
        if (self && !strcmp(self->day, ymd))
            nd = (size_t)without(day_seats, nd, self->day_seat);
        day_seat = slots_free_seat(day_seats, nd, d->capacity);
    }
    if (!seat || !day_seat)
        return no_room(db, a, ctx, day, false, now, res, err);
    if (!b->queue_number || !b->day || strcmp(b->day, ymd) != 0) {
        int last;
        if (bk_last_queue(db, ctx->service_id, ymd, &last, err) != 0)
            return err->kind;
        b->queue_number = last + 1;
    }
    b->day = arena_strdup(a, ymd);
    b->slot_start = start;
    b->seat = seat;
    b->day_seat = day_seat;
    b->estimated_at = slots_estimate(start, ctx->rules.slot_minutes, d->cap, seat);
    return 0;
}

/* A booking date: YYYY-MM-DD, from today to a year ahead. */
static int32_t parse_date(const struct booking_ctx *ctx, const char *s, int64_t now,
                          struct err *err)
{
    int32_t day = s ? bizcal_day(s) : -1, today = slots_local_day(&ctx->cal, now);
    if (day < 0)
        err_field(err, "date", "harus tanggal YYYY-MM-DD", "must be a date YYYY-MM-DD");
    else if (day < today)
        err_field(err, "date", "tanggal sudah lewat", "the date has passed");
    else if (day > today + 366)
        err_field(err, "date", "paling jauh satu tahun ke depan", "at most a year ahead");
    else
        return day;
    return -1;
}

int booking_is_staff(struct db *db, const struct user_auth *actor, int64_t service_id,
                     bool *yes, struct err *err)
{
    *yes = actor->p.active && actor->p.role == ROLE_ADMIN;
    if (*yes || !actor->p.active)
        return 0;
    return bk_is_staff(db, service_id, actor->p.id, yes, err);
}

bool booking_is_staff_among(const struct user_auth *actor, const int64_t *staff_ids, size_t n)
{
    if (!actor->p.active)
        return false;
    if (actor->p.role == ROLE_ADMIN)
        return true;
    for (size_t i = 0; i < n; i++)
        if (staff_ids[i] == actor->p.id)
            return true;
    return false;
}

static int ticket_event(struct db *db, const struct ticket *t, int64_t at, int64_t actor,
                        const char *old_value, const char *new_value, struct err *err)
{
    struct ticket_event e = {.ticket_id = t->id, .at = at, .actor_id = actor, .kind = "booking",
                             .field = "booking", .old_value = old_value,
                             .new_value = new_value};
    return db_event_add(db, &e, err);
}

static const char *slot_text(struct arena *a, const struct booking *b)
{
    if (!b->slot_start)
        return arena_printf(a, "requested %s", b->day);
    char iso[32];
    time_fmt_iso(iso, sizeof iso, (time_t)b->slot_start);
    return arena_printf(a, "%s %s #%d", b->status, iso, b->queue_number);
}

static int reread(struct db *db, struct arena *a, int64_t id, struct booking_result *res,
                  struct err *err)
{
    if (bk_get(db, id, a, &res->b, err) != 0 ||
        db_ticket_get_id(db, res->b->ticket_id, a, &res->t, err) != 0)
        return err->kind;
    return 0;
}

/* The answers' texts and the ticket's description (field errors in err). */
static void answers_of(const struct booking_ctx *ctx, json_t *answers, struct arena *a,
                       const char **plain, const char **secret, const char **description,
                       struct err *err)
{
    form_answers_described(ctx->form, answers, a, plain, secret,
                           arena_printf(a, "Janji temu %s.", ctx->service_name), description,
                           err);
}

void booking_prepare(struct arena *a, struct booking_req *r)
{
    struct booking_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    r->prep_serial = 0;
    if (r->service_id <= 0 || !booking_ctx_peek(r->service_id, a, &ctx))
        return;
    struct err e = {0};
    const char *plain = NULL, *secret = NULL, *description = NULL;
    answers_of(&ctx, r->answers, a, &plain, &secret, &description, &e);
    if (!e.n_fields && !e.kind) { /* errors: the writer words them with the others */
        r->prep_serial = ctx.serial;
        r->prep_answers = plain;
        r->prep_sensitive = secret;
        r->prep_description = description;
    }
    booking_ctx_free(&ctx);
}

int booking_create(struct db *db, struct arena *a, const struct config *cfg,
                   const struct user_auth *actor, const struct booking_req *r, int64_t now,
                   struct booking_result *res, struct err *err)
{
    struct booking_ctx ctx;
    memset(res, 0, sizeof *res);
    if (booking_ctx_load(db, a, r->service_id, &ctx, err) != 0)
        return err->kind;
    int rc = 0;
    const struct principal *me = &actor->p;
    /* the channel is the caller's word (the API lets only staff give one;
    ** the WhatsApp intake books for the writer with "whatsapp") */
    bool for_other = r->requester_id && r->requester_id != me->id;
    if (for_other) {
        bool staff;
        if ((rc = booking_is_staff(db, actor, r->service_id, &staff, err)) != 0)
            goto out;
        if (!staff && !perm_can(me, ACT_TICKET_CREATE_FOR_OTHER, NULL)) {
            rc = err_set(err, ERR_FORBIDDEN, "booking.forbidden",
                         "hanya petugas yang membuat janji atas nama orang lain",
                         "only staff book on behalf of others");
            goto out;
        }
    }
    struct booking b = {.service_id = r->service_id, .requester_id = me->id,
                        .channel = r->channel ? r->channel : for_other ? "phone" : "web",
                        .created_at = now, .updated_at = now};
    int64_t unit_id = me->unit_id;
    const char *requester_name = actor->name;
    if (r->requester_id && r->requester_id != me->id) {
        struct user_auth u;
        struct err e2 = {0};
        if (db_user_by_id(db, r->requester_id, a, &u, &e2) != 0 || !u.p.active)
            err_field(err, "requester_id", "pemohon tidak ditemukan", "requester not found");
        else
            b.requester_id = u.p.id, unit_id = u.p.unit_id, requester_name = u.name;
    }
    if (!qarg_one_of(b.channel, channels))
        err_field(err, "channel", "harus web, email, whatsapp, phone atau walk_in",
                  "must be web, email, whatsapp, phone or walk_in");
    int32_t day = parse_date(&ctx, r->date, now, err);
    const char *description = NULL;
    if (r->prep_serial && r->prep_serial == ctx.serial) {
        /* checked before the writer against this very form (booking_prepare) */
        b.answers = r->prep_answers;
        b.sensitive = r->prep_sensitive;
        description = r->prep_description;
    } else {
        answers_of(&ctx, r->answers, a, &b.answers, &b.sensitive, &description, err);
    }
    if (err->n_fields) {
        rc = err_set(err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        goto out;
    }
    char ymd[11];
    slots_ymd(day, ymd);
    b.day = arena_strdup(a, ymd);
    int64_t dup;
    if ((rc = bk_live_of(db, b.service_id, b.day, b.requester_id, 0, &dup, err)) != 0)
        goto out;
    if (dup) {
        rc = err_set(err, ERR_CONFLICT, "appointment.duplicate",
                     "Sudah ada janji temu untuk layanan ini pada %s",
                     "There is already a booking for this service on %s", b.day);
        goto out;
    }
    /* every check that can refuse runs before the first write */
    if (!strcmp(ctx.sch.mode, "staff_scheduled")) {
        b.status = "requested";
        if (!slots_day_open(&ctx.cal, day)) {
            rc = no_room(db, a, &ctx, day, true, now, res, err);
            goto out;
        }
    } else {
        b.status = "booked";
        if ((rc = hold_place(db, a, &ctx, &b, day, r->slot_start, now, res, err)) != 0)
            goto out;
    }
    struct ticket *t = arena_alloc(a, sizeof *t), *saved;
    *t = (struct ticket){.title = b.queue_number
                                      ? arena_printf(a, "Janji temu %s %s no. %d",
                                                     ctx.service_name, b.day, b.queue_number)
                                      : arena_printf(a, "Permintaan janji temu %s %s",
                                                     ctx.service_name, b.day),
                         .description = description,
                         .service_id = ctx.service_id, .category_id = ctx.category_id,
                         .priority_id = ctx.priority_id, .requester_id = b.requester_id,
                         .unit_id = unit_id, .channel = b.channel, .created_by = me->id,
                         .booking = true,
                         /* the joined fields a read back would give, for the
                         ** notice, the answer and who may see it */
                         .service_name = ctx.service_name, .service_kind = "appointment",
                         .requester_name = requester_name,
                         .staff_ids = ctx.sch.staff_ids, .n_staff = ctx.sch.n_staff};
    if (ctx.sch.meeting_url_base) {
        char tok[TOKEN_HEX];
        token_random_hex(tok); /* libsodium: 256 random bits, unguessable */
        b.meeting_url = arena_printf(a, "%s%.32s", ctx.sch.meeting_url_base, tok);
    }
    /* A booking with a time is acknowledged by its confirmation alone (one
    ** mail, not ticket_created beside it: docs/appointments.md); a request
    ** waiting for staff gets ticket_created, its time comes later. The
    ** ticket is not read back: t is what was written. */
    if ((rc = svc_ticket_open_known(db, a, cfg, t, for_other, now,
                                    b.slot_start ? NULL : "ticket_created", err)) != 0)
        goto out;
    saved = t;
    b.ticket_id = saved->id;
    if ((rc = bk_insert(db, &b, err)) != 0 ||
        (rc = ticket_event(db, saved, now, me->id, NULL, slot_text(a, &b), err)) != 0)
        goto out;
    /* The answer is what was written, with the names the ticket was read
    ** with: reading both back (bk_get and ticket_get_id, three joins each)
    ** was a tenth of the writer per booking (bench/README.md, appointments). */
    res->b = arena_alloc(a, sizeof *res->b);
    *res->b = b;
    res->b->answers = b.answers ? b.answers : "{}";
    res->b->sensitive = b.sensitive ? b.sensitive : "{}";
    res->b->ticket_number = saved->number;
    res->b->requester_name = saved->requester_name;
    res->b->service_name = saved->service_name;
    res->t = saved;
    /* booking for oneself: the actor's account is the requester's */
    rc = booking_notify_booked(db, a, cfg, &ctx, res->b, res->t,
                               b.requester_id == me->id ? actor : NULL, err);
out:
    booking_ctx_free(&ctx);
    return rc;
}

int booking_get(struct db *db, struct arena *a, const struct user_auth *actor, int64_t id,
                struct booking_result *out, struct err *err)
{
    memset(out, 0, sizeof *out);
    if (id <= 0 || reread(db, a, id, out, err) != 0) {
        if (err->kind == ERR_NOT_FOUND || id <= 0)
            goto hidden;
        return err->kind;
    }
    struct perm_obj o = svc_ticket_perm_obj(out->t);
    if (perm_can(&actor->p, ACT_TICKET_VIEW, &o))
        return 0;
hidden:
    err_clear(err);
    return err_set(err, ERR_NOT_FOUND, "booking.not_found", "janji temu tidak ditemukan",
                   "booking not found");
}

static int bad_move(struct err *err, const char *from, const char *to)
{
    return err_set(err, ERR_CONFLICT, "booking.invalid_transition",
                   "janji temu berstatus %s tidak dapat menjadi %s",
                   "a booking that is %s cannot become %s", from, to);
}

/* Moves the booking's ticket along (new → in_progress → resolved, or cancelled). */
static int ticket_to(struct db *db, struct arena *a, const struct config *cfg, struct ticket *t,
                     enum ticket_status to, const struct principal *by, const char *summary,
                     const char *reason, int64_t now, struct err *err)
{
    enum ticket_status from = TS_NEW;
    ticket_status_parse(t->status, &from);
    if (from == to || ticket_status_final(from))
        return 0; /* staff closed the ticket by hand: the booking still moves */
    if (to == TS_RESOLVED && from == TS_NEW &&
        svc_status_apply(db, a, cfg, t, TS_IN_PROGRESS, by, NULL, NULL, now, err) != 0)
        return err->kind;
    return svc_status_apply(db, a, cfg, t, to, by, summary, reason, now, err);
}

int booking_cancel(struct db *db, struct arena *a, const struct config *cfg,
                   const struct user_auth *actor, int64_t id, const char *reason, int64_t now,
                   struct booking_result *res, struct err *err)
{
    if (booking_get(db, a, actor, id, res, err) != 0)
        return err->kind;
    struct booking *b = res->b;
    struct perm_obj o = svc_ticket_perm_obj(res->t);
    if (!perm_can(&actor->p, ACT_TICKET_CANCEL, &o))
        return err_set(err, ERR_FORBIDDEN, "booking.forbidden",
                       "Anda tidak dapat membatalkan janji temu ini",
                       "you may not cancel this booking");
    if (strcmp(b->status, "requested") && strcmp(b->status, "booked"))
        return bad_move(err, b->status, "cancelled");
    const char *old = slot_text(a, b);
    b->status = "cancelled";
    b->seat = b->day_seat = 0; /* the place is free again */
    b->updated_at = now;
    if (!reason || !*reason)
        reason = "Janji temu dibatalkan";
    if (bk_update(db, b, err) != 0 ||
        ticket_event(db, res->t, now, actor->p.id, old, "cancelled", err) != 0 ||
        ticket_to(db, a, cfg, res->t, TS_CANCELLED, &actor->p, NULL, reason, now, err) != 0 ||
        reread(db, a, id, res, err) != 0)
        return err->kind;
    return booking_notify_cancelled(db, a, cfg, res->b, res->t, err);
}

int booking_reschedule(struct db *db, struct arena *a, const struct config *cfg,
                       const struct user_auth *actor, int64_t id, const char *date,
                       int64_t slot_start, int64_t now, struct booking_result *res,
                       struct err *err)
{
    if (booking_get(db, a, actor, id, res, err) != 0)
        return err->kind;
    struct booking *b = res->b;
    struct booking_ctx ctx;
    bool staff;
    if (booking_is_staff(db, actor, b->service_id, &staff, err) != 0)
        return err->kind;
    if (!staff && b->requester_id != actor->p.id)
        return err_set(err, ERR_FORBIDDEN, "booking.forbidden",
                       "Anda tidak dapat menjadwal ulang janji temu ini",
                       "you may not reschedule this booking");
    if (strcmp(b->status, "requested") && strcmp(b->status, "booked"))
        return bad_move(err, b->status, "booked");
    if (booking_ctx_load(db, a, b->service_id, &ctx, err) != 0)
        return err->kind;
    int rc = 0;
    const char *was = b->status, *old = slot_text(a, b);
    int32_t day = parse_date(&ctx, date, now, err);
    if (err->n_fields) {
        rc = err_set(err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        goto out;
    }
    char ymd[11];
    slots_ymd(day, ymd);
    int64_t dup;
    if ((rc = bk_live_of(db, b->service_id, ymd, b->requester_id, b->id, &dup, err)) != 0)
        goto out;
    if (dup) {
        rc = err_set(err, ERR_CONFLICT, "appointment.duplicate",
                     "Sudah ada janji temu untuk layanan ini pada %s",
                     "There is already a booking for this service on %s", ymd);
        goto out;
    }
    if (!strcmp(ctx.sch.mode, "staff_scheduled") && !staff) {
        /* the requester asks for another day: staff give it a time again */
        if (!slots_day_open(&ctx.cal, day)) {
            rc = no_room(db, a, &ctx, day, true, now, res, err);
            goto out;
        }
        b->status = "requested";
        b->day = arena_strdup(a, ymd);
        b->slot_start = b->estimated_at = 0;
        b->seat = b->day_seat = b->queue_number = 0;
    } else {
        if ((rc = hold_place(db, a, &ctx, b, day, slot_start, now, res, err)) != 0)
            goto out;
        b->status = "booked";
    }
    b->updated_at = now;
    if ((rc = bk_update(db, b, err)) != 0 ||
        (rc = ticket_event(db, res->t, now, actor->p.id, old, slot_text(a, b), err)) != 0 ||
        (rc = reread(db, a, id, res, err)) != 0)
        goto out;
    rc = !strcmp(was, "requested") && !strcmp(res->b->status, "booked")
             ? booking_notify_scheduled(db, a, cfg, res->b, res->t, err)
             : booking_notify_rescheduled(db, a, cfg, res->b, res->t, err);
out:
    booking_ctx_free(&ctx);
    return rc;
}

static int staff_only(struct db *db, const struct user_auth *actor, int64_t service_id,
                      struct err *err)
{
    bool staff;
    if (booking_is_staff(db, actor, service_id, &staff, err) != 0)
        return err->kind;
    if (!staff)
        return err_set(err, ERR_FORBIDDEN, "booking.forbidden",
                       "hanya petugas layanan ini yang melayani antrean",
                       "only this service's staff run its queue");
    return 0;
}

int booking_call_next(struct db *db, struct arena *a, const struct config *cfg,
                      const struct user_auth *actor, int64_t service_id, const char *date,
                      int64_t now, struct booking_result *res, struct err *err)
{
    struct booking_ctx ctx;
    memset(res, 0, sizeof *res);
    if (booking_ctx_load(db, a, service_id, &ctx, err) != 0)
        return err->kind;
    booking_ctx_free(&ctx);
    if (staff_only(db, actor, service_id, err) != 0)
        return err->kind;
    char today[11];
    booking_today(&ctx, now, today);
    if (date && bizcal_day(date) < 0)
        return err_invalid(err, "date", "harus tanggal YYYY-MM-DD", "must be a date YYYY-MM-DD");
    struct booking *b;
    if (bk_next_waiting(db, service_id, date ? date : today, a, &b, err) != 0)
        return err->kind;
    if (!b)
        return err_set(err, ERR_CONFLICT, "queue.empty", "tidak ada antrean yang menunggu",
                       "nobody is waiting");
    if (reread(db, a, b->id, res, err) != 0)
        return err->kind;
    b = res->b;
    b->status = "called";
    b->called_at = now;
    b->updated_at = now;
    if (bk_update(db, b, err) != 0 ||
        ticket_event(db, res->t, now, actor->p.id, "booked", "called", err) != 0 ||
        ticket_to(db, a, cfg, res->t, TS_IN_PROGRESS, &actor->p, NULL, NULL, now, err) != 0 ||
        reread(db, a, b->id, res, err) != 0)
        return err->kind;
    return booking_notify_called(db, a, cfg, res->b, res->t, err);
}

int booking_finish(struct db *db, struct arena *a, const struct config *cfg,
                   const struct user_auth *actor, int64_t id, const char *to, int64_t now,
                   struct booking_result *res, struct err *err)
{
    if (booking_get(db, a, actor, id, res, err) != 0 ||
        staff_only(db, actor, res->b->service_id, err) != 0)
        return err->kind;
    struct booking *b = res->b;
    bool served = !strcmp(to, "served");
    if (served ? strcmp(b->status, "called") != 0
               : strcmp(b->status, "called") != 0 && strcmp(b->status, "booked") != 0)
        return bad_move(err, b->status, to);
    const char *was = b->status;
    b->status = served ? "served" : "no_show";
    if (served)
        b->served_at = now;
    b->updated_at = now;
    if (bk_update(db, b, err) != 0 ||
        ticket_event(db, res->t, now, actor->p.id, was, b->status, err) != 0 ||
        ticket_to(db, a, cfg, res->t, served ? TS_RESOLVED : TS_CANCELLED, &actor->p,
                  served ? "Dilayani" : NULL, served ? NULL : "Tidak hadir", now, err) != 0)
        return err->kind;
    return reread(db, a, id, res, err);
}

int booking_availability(struct db *db, struct arena *a, int64_t service_id, const char *from,
                         const char *to, int64_t now, json_t **out, struct err *err)
{
    struct booking_ctx ctx;
    if (booking_ctx_load(db, a, service_id, &ctx, err) != 0)
        return err->kind;
    booking_ctx_free(&ctx);
    int32_t f = from ? bizcal_day(from) : -1, t = to ? bizcal_day(to) : -1;
    if (f < 0)
        err_field(err, "from", "harus tanggal YYYY-MM-DD", "must be a date YYYY-MM-DD");
    if (t < 0)
        err_field(err, "to", "harus tanggal YYYY-MM-DD", "must be a date YYYY-MM-DD");
    if (f >= 0 && t >= 0 && t < f)
        err_field(err, "to", "harus sama dengan atau sesudah from", "must not precede from");
    if (f >= 0 && t >= f && t - f >= SLOTS_RANGE_DAYS)
        err_field(err, "to", "paling banyak 62 hari", "at most 62 days");
    if (err->n_fields)
        return err_set(err, ERR_INVALID, "validation", "Parameter tidak valid",
                       "Invalid parameters");
    struct slot_day *days;
    if (load_days(db, a, &ctx, f, t, now, NULL, &days, err) != 0)
        return err->kind;
    json_t *arr = json_array();
    for (int32_t i = 0; i <= t - f; i++) {
        const struct slot_day *d = &days[i];
        char ymd[11];
        slots_ymd(d->day, ymd);
        json_t *slots = json_array();
        for (int k = d->first; k < d->n_slots; k++)
            json_array_append_new(
                slots, json_pack("{s:o, s:i, s:i}", "start",
                                 iso_or_null(slots_start(&ctx.cal, d->day, k,
                                                         ctx.rules.slot_minutes)),
                                 "capacity", d->cap, "remaining", slots_slot_remaining(d, k)));
        json_array_append_new(arr, json_pack("{s:s, s:b, s:i, s:i, s:o}", "date", ymd, "open",
                                             d->open, "capacity", d->capacity, "remaining",
                                             slots_day_remaining(d), "slots", slots));
    }
    *out = json_pack("{s:I, s:s, s:o}", "service_id", (json_int_t)service_id, "mode",
                     ctx.sch.mode, "days", arr);
    return 0;
}

int booking_queue_read(struct db *db, struct arena *a, int64_t service_id, const char *date,
                       int64_t now, struct booking_queue_day *q, struct err *err)
{
    struct booking_ctx ctx;
    memset(q, 0, sizeof *q);
    q->service_id = service_id;
    if (booking_ctx_load(db, a, service_id, &ctx, err) != 0)
        return err->kind;
    booking_ctx_free(&ctx);
    q->staff_ids = ctx.sch.staff_ids;
    q->n_staff = ctx.sch.n_staff;
    char today[11];
    booking_today(&ctx, now, today);
    if (date && *date && bizcal_day(date) < 0)
        return err_invalid(err, "date", "harus tanggal YYYY-MM-DD", "must be a date YYYY-MM-DD");
    q->day = date && *date ? date : arena_strdup(a, today);
    struct booking_query bq = {.all = true, .service_id = service_id, .day = q->day,
                               .statuses = {"booked", "called", "served", "no_show"},
                               .n_statuses = 4, .queue_order = true, .page = 1,
                               .per_page = 2000};
    int64_t total;
    if (bk_queue_state(db, service_id, q->day, &q->serving, &q->waiting, err) != 0 ||
        bk_list(db, &bq, a, &q->items, &q->n, &total, err) != 0)
        return err->kind;
    return 0;
}

json_t *booking_queue_item_json(const struct booking *b, int64_t viewer_id, bool with_names)
{
    json_t *o = json_pack("{s:i, s:s, s:o, s:o, s:b}", "queue_number", b->queue_number,
                          "status", b->status, "slot_start", iso_or_null(b->slot_start),
                          "estimated_at", iso_or_null(b->estimated_at), "mine",
                          b->requester_id == viewer_id);
    if (with_names || b->requester_id == viewer_id)
        json_object_update_new(o, json_pack("{s:I, s:s}", "id", (json_int_t)b->id,
                                            "ticket_number", b->ticket_number));
    if (with_names)
        json_object_set_new(o, "requester_name", json_string(b->requester_name));
    return o;
}

json_t *booking_queue_json(const struct booking_queue_day *q, int64_t viewer_id, bool with_names)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < q->n; i++)
        json_array_append_new(arr, booking_queue_item_json(q->items[i], viewer_id, with_names));
    return json_pack("{s:I, s:s, s:o, s:i, s:o}", "service_id", (json_int_t)q->service_id,
                     "date", q->day, "now_serving",
                     q->serving ? json_integer(q->serving) : json_null(), "waiting", q->waiting,
                     "items", arr);
}

int booking_queue(struct db *db, struct arena *a, int64_t service_id, const char *date,
                  int64_t viewer_id, bool with_names, int64_t now, json_t **out,
                  struct err *err)
{
    struct booking_queue_day q;
    if (booking_queue_read(db, a, service_id, date, now, &q, err) != 0)
        return err->kind;
    *out = booking_queue_json(&q, viewer_id, with_names);
    return 0;
}

/* The members of a JSON object's text, without its braces ("" for none). */
static const char *members(const char *obj, size_t *n)
{
    const char *p = obj ? strchr(obj, '{') : NULL, *q = p ? strrchr(p, '}') : NULL;
    if (!p || !q) {
        *n = 0;
        return "";
    }
    p++;
    while (p < q && (*p == ' ' || *p == '\n'))
        p++;
    *n = (size_t)(q - p);
    return p;
}

/* Written straight from the row: the answers are the stored JSON texts of
** the form's plain and sensitive fields (two disjoint objects, core/form.c),
** put together without parsing them; building the answer with jansson and
** dumping it was half the HTTP side of a booking (bench/README.md). */
void booking_jw(struct jw *w, const char *key, const struct booking *b, bool with_sensitive)
{
    jw_obj(w, key);
    jw_int(w, "id", b->id);
    jw_int(w, "ticket_id", b->ticket_id);
    jw_str(w, "ticket_number", b->ticket_number);
    jw_int(w, "service_id", b->service_id);
    jw_str(w, "service_name", b->service_name);
    jw_int(w, "requester_id", b->requester_id);
    jw_str(w, "requester_name", b->requester_name);
    jw_str(w, "date", b->day);
    jw_time(w, "slot_start", b->slot_start);
    jw_id(w, "queue_number", b->queue_number);
    jw_time(w, "estimated_at", b->estimated_at);
    jw_str(w, "status", b->status);
    jw_str(w, "channel", b->channel);
    size_t np, ns = 0;
    const char *plain = members(b->answers, &np);
    const char *sens = with_sensitive ? members(b->sensitive, &ns) : "";
    const char *answers = arena_printf(w->a, "{%.*s%s%.*s}", (int)np, plain,
                                       np && ns ? "," : "", (int)ns, sens);
    jw_raw(w, "answers", answers, strlen(answers));
    jw_time(w, "called_at", b->called_at);
    jw_time(w, "served_at", b->served_at);
    jw_time(w, "created_at", b->created_at);
    if (b->meeting_url)
        jw_str(w, "meeting_url", b->meeting_url);
    jw_end(w, '}');
}

json_t *booking_json(struct arena *a, const struct booking *b, bool with_sensitive)
{
    struct jw w;
    jw_init(&w, a);
    booking_jw(&w, NULL, b, with_sensitive);
    size_t n;
    const char *text = jw_text(&w, &n);
    json_t *o = json_loadb(text, n, 0, NULL);
    return o ? o : json_object();
}

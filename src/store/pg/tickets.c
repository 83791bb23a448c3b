/* Tickets in PostgreSQL: numbering, rows, the sweeps' candidates, tags,
** the timeline, attachments and service redirects (the list and the text
** search: search.c). A port of store/sqlite/tickets.c, attachments.c and
** redirects.c: the same SQL, the same error kinds and codes. */
#include "store/pg/scope.h"
#include "store/pg/rollup.h"
#include "core/arena.h"

#include <stdlib.h>
#include <string.h>

/* Splits a list of ids joined by ',' into the arena. */
static void read_ids(struct arena *a, const char *s, const int64_t **ids, size_t *n)
{
    if (!s || !*s)
        return;
    size_t k = 1;
    for (const char *p = s; *p; p++)
        k += *p == ',';
    int64_t *out = arena_alloc(a, k * sizeof *out);
    size_t i = 0;
    for (char *end; i < k; s = end + (*end == ',')) {
        out[i] = strtoll(s, &end, 10);
        if (end == s)
            break;
        i++;
    }
    *ids = out;
    *n = i;
}

struct ticket *pg_read_ticket(const PGresult *r, int row, int c, struct arena *a)
{
    struct ticket *t = arena_alloc(a, sizeof *t);
    memset(t, 0, sizeof *t);
    t->id = pg_int(r, row, c++);
    t->number = pg_text(a, r, row, c++);
    t->title = pg_text(a, r, row, c++);
    t->description = pg_text(a, r, row, c++);
    t->service_id = pg_int(r, row, c++);
    t->category_id = pg_int(r, row, c++);
    t->priority_id = pg_int(r, row, c++);
    t->requester_id = pg_int(r, row, c++);
    t->unit_id = pg_int(r, row, c++);
    t->contact_name = pg_text(a, r, row, c++);
    t->contact_phone = pg_text(a, r, row, c++);
    t->channel = pg_text(a, r, row, c++);
    t->status = pg_text(a, r, row, c++);
    t->assignee_id = pg_int(r, row, c++);
    t->tier = (int)pg_int(r, row, c++);
    t->esc_unit_id = pg_int(r, row, c++);
    t->esc_vendor_id = pg_int(r, row, c++);
    t->created_by = pg_int(r, row, c++);
    t->created_at = pg_int(r, row, c++);
    t->updated_at = pg_int(r, row, c++);
    t->first_response_at = pg_int(r, row, c++);
    t->resolved_at = pg_int(r, row, c++);
    t->closed_at = pg_int(r, row, c++);
    t->sla_policy_id = pg_int(r, row, c++);
    t->first_response_due = pg_int(r, row, c++);
    t->resolution_due = pg_int(r, row, c++);
    t->sla_paused_minutes = pg_int(r, row, c++);
    t->waiting_since = pg_int(r, row, c++);
    t->first_response_breached = pg_int(r, row, c++) != 0;
    t->resolution_breached = pg_int(r, row, c++) != 0;
    t->resolution_summary = pg_text(a, r, row, c++);
    t->cancel_reason = pg_text(a, r, row, c++);
    t->feedback = pg_text(a, r, row, c++);
    t->rating = (int)pg_int(r, row, c++);
    t->merged_into_id = pg_int(r, row, c++);
    t->version = pg_int(r, row, c++);
    t->sla_warned = pg_int(r, row, c++) != 0;
    t->service_name = pg_text(a, r, row, c++);
    t->service_kind = pg_text(a, r, row, c++);
    t->requester_name = pg_text(a, r, row, c++);
    t->requester_email = pg_text(a, r, row, c++);
    t->requester_locale = pg_text(a, r, row, c++);
    t->assignee_name = pg_text(a, r, row, c++);
    t->assignee_email = pg_text(a, r, row, c++);
    t->unit_name = pg_text(a, r, row, c++);
    t->priority_code = pg_text(a, r, row, c++);
    t->merged_into_number = pg_text(a, r, row, c++);
    char *tags = pg_text(a, r, row, c++); /* names joined by chr(31) */
    if (tags && *tags) {
        size_t n = 1;
        for (const char *p = tags; *p; p++)
            n += *p == '\x1f';
        t->tags = arena_alloc(a, n * sizeof *t->tags);
        char *s = tags;
        for (size_t i = 0; i < n; i++) {
            char *e = strchr(s, '\x1f');
            if (e)
                *e = 0;
            t->tags[i] = s;
            s = e ? e + 1 : s;
        }
        t->n_tags = n;
    }
    t->booking = pg_int(r, row, c++) != 0;
    /* a booking's ticket carries who serves its service: core/perm.c's rule */
    read_ids(a, pg_raw(r, row, c++), &t->staff_ids, &t->n_staff);
    return t;
}

/* Next number of the year: the counter row is bumped inside the caller's
** transaction. The row lock is held until that transaction ends, so a
** second creation (on any node) waits and then reads the committed value:
** numbers are unique, and a rollback gives its number back (no sequence
** object, which would leave gaps). The first ticket of a year inserts the
** row; two doing so at once meet on its primary key, and ON CONFLICT makes
** the second an update of the first's row once that commits. */
static int next_seq(struct pg_db *d, struct arena *a, int year, int64_t *seq, struct err *err)
{
    static const char first_sql[] =
        "INSERT INTO ticket_counters (year, last) VALUES ($1, 1) ON CONFLICT (year)"
        " DO UPDATE SET last = ticket_counters.last + 1 RETURNING last";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, year);
    PGresult *r;
    if (pg_q(d, first_sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    *seq = pg_first_int(r);
    PQclear(r);
    return 0;
}

/* The ticket's columns, $2 .. $18 of both inserts below. */
static void ticket_params(struct pg_params *p, const struct ticket *t)
{
    pgp_text(p, t->title);
    pgp_text(p, t->description);
    pgp_int(p, t->service_id);
    pgp_id(p, t->category_id);
    pgp_id(p, t->priority_id);
    pgp_int(p, t->requester_id);
    pgp_id(p, t->unit_id);
    pgp_text(p, t->contact_name);
    pgp_text(p, t->contact_phone);
    pgp_text(p, t->channel);
    pgp_id(p, t->assignee_id);
    pgp_id(p, t->created_by);
    pgp_int(p, t->created_at);
    pgp_id(p, t->sla_policy_id);
    pgp_id(p, t->first_response_due);
    pgp_id(p, t->resolution_due);
    pgp_int(p, t->booking);
}

static int number_exhausted(struct err *err)
{
    return err_set(err, ERR_CONFLICT, "ticket.number_exhausted", "nomor tiket tahun ini habis",
                   "ticket numbers for this year ran out");
}

/* The counter's bump and the ticket's row in one statement (one round trip
** per creation fewer): the number is "PREFIX-YYYY-" and the bumped value.
** No row when the year has no counter row yet (its first ticket: next_seq
** makes the row, then the plain insert) or its numbers ran out. */
static int pg_ticket_create(struct db *db, struct ticket *t, const char *prefix, int year,
                            struct arena *a, struct err *err)
{
    /* priority_rank: the priority's rank, kept for sorting (SQLite 0011);
    ** the search row: the trigger of migration 0002, in this transaction */
    static const char bump_sql[] =
        "WITH c AS (UPDATE ticket_counters SET last = last + 1 WHERE year = $19::bigint"
        " RETURNING last)"
        " INSERT INTO tickets (number, title, description, service_id, category_id, priority_id,"
        " requester_id, unit_id, contact_name, contact_phone, channel, status, assignee_id,"
        " tier, created_by, created_at, updated_at, sla_policy_id, first_response_due,"
        " resolution_due, priority_rank, booking)"
        " SELECT $1::text || lpad(c.last::text, 6, '0'), $2::text, $3::text, $4::bigint,"
        " $5::bigint, $6::bigint, $7::bigint, $8::bigint, $9::text, $10::text, $11::text, 'new',"
        " $12::bigint, 1, $13::bigint, $14::bigint, $14::bigint, $15::bigint, $16::bigint,"
        " $17::bigint, (SELECT rank FROM priorities WHERE id = $6::bigint), $18::bigint"
        " FROM c WHERE c.last <= 999999 RETURNING id, number";
    static const char sql[] =
        "INSERT INTO tickets (number, title, description, service_id, category_id, priority_id,"
        " requester_id, unit_id, contact_name, contact_phone, channel, status, assignee_id,"
        " tier, created_by, created_at, updated_at, sla_policy_id, first_response_due,"
        " resolution_due, priority_rank, booking) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
        " $10, $11, 'new', $12, 1, $13, $14, $14, $15, $16, $17,"
        " (SELECT rank FROM priorities WHERE id = $6), $18) RETURNING id";
    struct pg_db *d = (struct pg_db *)db;
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, arena_printf(a, "%s-%04d-", prefix, year));
    ticket_params(&p, t);
    pgp_int(&p, year);
    PGresult *r;
    if (pg_q(d, bump_sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    const char *number = NULL;
    if (PQntuples(r) > 0) {
        t->id = pg_int(r, 0, 0);
        number = arena_strdup(a, pg_raw(r, 0, 1));
        PQclear(r);
    } else {
        PQclear(r);
        int64_t seq = 0;
        if (pg_q(d, "SELECT last FROM ticket_counters WHERE year = $1::bigint", 1,
                 (const char *const[]){p.v[p.n - 1]}, &r, err) != 0)
            return err->kind;
        bool counted = PQntuples(r) > 0;
        PQclear(r);
        if (counted) {
            /* ran out: the bump stands in this transaction, so the job
            ** counts as one that wrote and the writer takes it back */
            d->writes++;
            return number_exhausted(err);
        }
        if (next_seq(d, a, year, &seq, err) != 0)
            return err->kind;
        if (seq > 999999)
            return number_exhausted(err);
        number = arena_printf(a, "%s-%04d-%06lld", prefix, year, (long long)seq);
        p.v[0] = number;
        p.n--; /* $19, the year, is the bump's only */
        if (pg_q(d, sql, p.n, p.v, &r, err) != 0)
            return err->kind;
        t->id = pg_first_int(r);
        PQclear(r);
    }
    t->number = number;
    t->version = 1;
    t->status = "new";
    /* the writer's batch: its report counts, written before the commit */
    if (pg_rollup_on(d) && pg_rollup_ticket(d, t, err) != 0)
        return err->kind;
    return 0;
}

/* The single ticket of a finished query; 404 when it has no row. */
static int one_ticket(PGresult *r, struct arena *a, struct ticket **out, struct err *err)
{
    bool found = PQntuples(r) > 0;
    if (found)
        *out = pg_read_ticket(r, 0, 0, a);
    PQclear(r);
    if (!found)
        return err_set(err, ERR_NOT_FOUND, "ticket.not_found", "tiket tidak ditemukan",
                       "ticket not found");
    return 0;
}

/* SQLite guesses the row id from the number (a hint per year) to save a
** b-tree descent; PostgreSQL's lookup through the unique index on number
** costs the same either way, so the number is looked up as is. */
static int pg_ticket_get(struct db *db, const char *number, struct arena *a,
                         struct ticket **out, struct err *err)
{
    static const char sql[] =
        "SELECT " PG_TICKET_BARE_COLS PG_TICKET_BARE_FROM " WHERE t.number = $1";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, number);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0 ||
        one_ticket(r, a, out, err) != 0)
        return err->kind;
    return pg_ticket_names(db, *out, a, err);
}

static int pg_ticket_get_id(struct db *db, int64_t id, struct arena *a, struct ticket **out,
                            struct err *err)
{
    static const char sql[] =
        "SELECT " PG_TICKET_BARE_COLS PG_TICKET_BARE_FROM " WHERE t.id = $1";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0 ||
        one_ticket(r, a, out, err) != 0)
        return err->kind;
    return pg_ticket_names(db, *out, a, err);
}

static int pg_ticket_save(struct db *db, struct ticket *t, struct err *err)
{
    static const char sql[] =
        "UPDATE tickets SET title = $1, description = $2, service_id = $3, category_id = $4,"
        " priority_id = $5, priority_rank = (SELECT rank FROM priorities WHERE id = $5),"
        " contact_name = $6, contact_phone = $7, status = $8, assignee_id = $9,"
        " tier = $10, esc_unit_id = $11, esc_vendor_id = $12, updated_at = $13,"
        " first_response_at = $14, resolved_at = $15, closed_at = $16, sla_policy_id = $17,"
        " first_response_due = $18, resolution_due = $19, sla_paused_minutes = $20,"
        " waiting_since = $21, first_response_breached = $22, resolution_breached = $23,"
        " resolution_summary = $24, cancel_reason = $25, feedback = $26, rating = $27,"
        " merged_into_id = $28, sla_warned = $29, version = version + 1"
        " WHERE id = $30 AND version = $31";
    struct pg_db *d = (struct pg_db *)db;
    /* the UPDATE trigger moves counts between rows: the batch's first */
    if (pg_rollup_on(d) && pg_rollup_flush(d, err) != 0)
        return err->kind;
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, t->title);
    pgp_text(&p, t->description);
    pgp_int(&p, t->service_id);
    pgp_id(&p, t->category_id);
    pgp_id(&p, t->priority_id);
    pgp_text(&p, t->contact_name);
    pgp_text(&p, t->contact_phone);
    pgp_text(&p, t->status);
    pgp_id(&p, t->assignee_id);
    pgp_int(&p, t->tier);
    pgp_id(&p, t->esc_unit_id);
    pgp_id(&p, t->esc_vendor_id);
    pgp_int(&p, t->updated_at);
    pgp_id(&p, t->first_response_at);
    pgp_id(&p, t->resolved_at);
    pgp_id(&p, t->closed_at);
    pgp_id(&p, t->sla_policy_id);
    pgp_id(&p, t->first_response_due);
    pgp_id(&p, t->resolution_due);
    pgp_int(&p, t->sla_paused_minutes);
    pgp_id(&p, t->waiting_since);
    pgp_int(&p, t->first_response_breached);
    pgp_int(&p, t->resolution_breached);
    pgp_text(&p, t->resolution_summary);
    pgp_text(&p, t->cancel_reason);
    pgp_text(&p, t->feedback);
    pgp_id(&p, t->rating); /* 0: none (NULL) */
    pgp_id(&p, t->merged_into_id);
    pgp_int(&p, t->sla_warned);
    pgp_int(&p, t->id);
    pgp_int(&p, t->version);
    int64_t changed = 0;
    int rc = pg_exec(d, sql, p.n, p.v, &changed, err);
    arena_free(a);
    if (rc != 0)
        return rc;
    if (changed == 0)
        return err_set(err, ERR_CONFLICT, "ticket.stale",
                       "tiket telah diubah orang lain; muat ulang dan coba lagi",
                       "the ticket was changed by someone else; reload and try again");
    t->version++;
    return 0; /* the search row: migration 0002's trigger, when the text changed */
}

void pg_read_tickets(PGresult *r, size_t cap, struct arena *a, struct ticket ***items,
                     size_t *n)
{
    size_t count = (size_t)PQntuples(r);
    if (count > cap)
        count = cap;
    struct ticket **out = arena_alloc(a, (count ? count : 1) * sizeof *out);
    for (size_t i = 0; i < count; i++)
        out[i] = pg_read_ticket(r, (int)i, 0, a);
    PQclear(r);
    *items = out;
    *n = count;
}

static int pg_ticket_sweep_candidates(struct db *db, int64_t now, int64_t horizon,
                                      int64_t resolved_before, struct arena *a,
                                      struct ticket ***items, size_t *n, struct err *err)
{
    /* SQLite names its indexes (INDEXED BY); PostgreSQL's planner picks
    ** the partial ones of the schema by itself */
    static const char sql[] =
        "SELECT " PG_TICKET_COLS PG_TICKET_FROM " WHERE t.id IN ("
        " (SELECT id FROM tickets WHERE status IN ('new', 'in_progress')"
        "  AND first_response_at IS NULL AND first_response_breached = 0"
        "  AND first_response_due <= $1 LIMIT 500)"
        " UNION (SELECT id FROM tickets WHERE status IN ('new', 'in_progress')"
        "  AND resolution_due <= greatest($1, $2) AND resolution_breached = 0"
        "  AND (resolution_due <= $1 OR sla_warned = 0) LIMIT 500)"
        " UNION (SELECT id FROM tickets WHERE status = 'resolved' AND resolved_at <= $3"
        "  LIMIT 500))"
        " ORDER BY t.id LIMIT 500";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, now);
    pgp_int(&p, horizon);
    pgp_int(&p, resolved_before);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    pg_read_tickets(r, 500, a, items, n);
    return 0;
}

static const char tag_ins_sql[] =
    "INSERT INTO ticket_tags (ticket_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

/* Inserts each tag not there yet; *added (may be NULL) counts them. */
static int insert_tags(struct pg_db *d, int64_t ticket_id, const int64_t *tag_ids, size_t n,
                       size_t *added, struct err *err)
{
    struct arena *a = arena_new();
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct pg_params p;
        pgp_init(&p, a);
        pgp_int(&p, ticket_id);
        pgp_int(&p, tag_ids[i]);
        int64_t changed = 0;
        rc = pg_exec(d, tag_ins_sql, p.n, p.v, &changed, err);
        if (added)
            *added += (size_t)changed;
    }
    arena_free(a);
    return rc;
}

static int pg_ticket_set_tags(struct db *db, int64_t ticket_id, const int64_t *tag_ids, size_t n,
                              struct err *err)
{
    static const char del[] = "DELETE FROM ticket_tags WHERE ticket_id = $1";
    struct pg_db *d = (struct pg_db *)db;
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, ticket_id);
    int rc = pg_exec(d, del, p.n, p.v, NULL, err);
    arena_free(a);
    return rc != 0 ? rc : insert_tags(d, ticket_id, tag_ids, n, NULL, err);
}

static int pg_ticket_add_tags(struct db *db, int64_t ticket_id, const int64_t *tag_ids, size_t n,
                              size_t *added, struct err *err)
{
    *added = 0;
    return insert_tags((struct pg_db *)db, ticket_id, tag_ids, n, added, err);
}

static int pg_event_add(struct db *db, const struct ticket_event *e, struct err *err)
{
    static const char sql[] =
        "INSERT INTO ticket_events (ticket_id, at, actor_id, kind, field, old_value, new_value,"
        " body, internal, target) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, e->ticket_id);
    pgp_int(&p, e->at);
    pgp_id(&p, e->actor_id);
    pgp_text(&p, e->kind);
    pgp_text(&p, e->field);
    pgp_text(&p, e->old_value);
    pgp_text(&p, e->new_value);
    pgp_text(&p, e->body);
    pgp_int(&p, e->internal);
    pgp_text(&p, e->target);
    /* nobody waits for the row: in the writer's batch it goes with the next statement */
    int rc = pg_exec_later((struct pg_db *)db, sql, p.n, p.v, err);
    arena_free(a);
    return rc;
}

static int pg_events_list(struct db *db, int64_t ticket_id, bool with_internal, struct arena *a,
                          struct ticket_event **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT e.id, e.at, e.actor_id, u.name, e.kind, e.field, e.old_value, e.new_value,"
        " e.body, e.internal, e.target FROM ticket_events e LEFT JOIN users u ON u.id = e.actor_id"
        " WHERE e.ticket_id = $1 AND ($2::int <> 0 OR e.internal = 0) ORDER BY e.id";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, ticket_id);
    pgp_int(&p, with_internal);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    size_t count = (size_t)PQntuples(r);
    struct ticket_event *out = arena_alloc(a, (count ? count : 1) * sizeof *out);
    for (size_t i = 0; i < count; i++) {
        struct ticket_event *e = &out[i];
        int row = (int)i;
        e->ticket_id = ticket_id;
        e->id = pg_int(r, row, 0);
        e->at = pg_int(r, row, 1);
        e->actor_id = pg_int(r, row, 2);
        e->actor_name = pg_text(a, r, row, 3);
        e->kind = pg_text(a, r, row, 4);
        e->field = pg_text(a, r, row, 5);
        e->old_value = pg_text(a, r, row, 6);
        e->new_value = pg_text(a, r, row, 7);
        e->body = pg_text(a, r, row, 8);
        e->internal = pg_int(r, row, 9) != 0;
        e->target = pg_text(a, r, row, 10);
    }
    PQclear(r);
    *items = out;
    *n = count;
    return 0;
}

/* ---- service redirects (store/sqlite/redirects.c) ---- */

static int pg_redirect_add(struct db *db, int64_t service_id, int64_t user_id, int64_t at,
                           struct err *err)
{
    static const char sql[] =
        "INSERT INTO service_redirects (service_id, user_id, at) VALUES ($1, $2, $3)";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, service_id);
    pgp_id(&p, user_id);
    pgp_int(&p, at);
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, NULL, err);
    arena_free(a);
    return rc;
}

static int pg_redirect_count(struct db *db, int64_t service_id, int64_t *count, struct err *err)
{
    static const char sql[] = "SELECT count(*) FROM service_redirects WHERE service_id = $1";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, service_id);
    PGresult *r;
    int rc = pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err);
    arena_free(a);
    if (rc != 0)
        return rc;
    *count = pg_first_int(r);
    PQclear(r);
    return 0;
}

/* ---- attachments (store/sqlite/attachments.c): the rows; the files live
** where api/attachments.c writes them ---- */

#define ATT_COLS "a.id, a.ticket_id, a.uploader_id, u.name, a.filename, a.content_type, " \
                 "a.size, a.sha256, a.stored_name, a.internal, a.created_at"

static void read_att(const PGresult *r, int row, struct arena *a, struct attachment *o)
{
    o->id = pg_int(r, row, 0);
    o->ticket_id = pg_int(r, row, 1);
    o->uploader_id = pg_int(r, row, 2);
    o->uploader_name = pg_text(a, r, row, 3);
    o->filename = pg_text(a, r, row, 4);
    o->content_type = pg_text(a, r, row, 5);
    o->size = pg_int(r, row, 6);
    o->sha256 = pg_text(a, r, row, 7);
    o->stored_name = pg_text(a, r, row, 8);
    o->internal = pg_int(r, row, 9) != 0;
    o->created_at = pg_int(r, row, 10);
}

static int pg_attachment_add(struct db *db, struct attachment *at, struct err *err)
{
    static const char sql[] =
        "INSERT INTO attachments (ticket_id, uploader_id, filename, content_type, size, sha256,"
        " stored_name, internal, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        " RETURNING id";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, at->ticket_id);
    pgp_id(&p, at->uploader_id);
    pgp_text(&p, at->filename);
    pgp_text(&p, at->content_type);
    pgp_int(&p, at->size);
    pgp_text(&p, at->sha256);
    pgp_text(&p, at->stored_name);
    pgp_int(&p, at->internal);
    pgp_int(&p, at->created_at);
    PGresult *r;
    int rc = pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err);
    arena_free(a);
    if (rc != 0)
        return rc;
    at->id = pg_first_int(r);
    PQclear(r);
    return 0;
}

static int pg_attachment_get(struct db *db, int64_t id, struct arena *a, struct attachment *out,
                             struct err *err)
{
    static const char sql[] = "SELECT " ATT_COLS " FROM attachments a LEFT JOIN users u"
                              " ON u.id = a.uploader_id WHERE a.id = $1"
                              " AND a.deleted_at IS NULL";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    bool found = PQntuples(r) > 0;
    if (found)
        read_att(r, 0, a, out);
    PQclear(r);
    if (!found)
        return err_set(err, ERR_NOT_FOUND, "attachment.not_found", "lampiran tidak ditemukan",
                       "attachment not found");
    return 0;
}

static int pg_attachments_list(struct db *db, int64_t ticket_id, bool with_internal,
                               struct arena *a, struct attachment **items, size_t *n,
                               struct err *err)
{
    static const char sql[] = "SELECT " ATT_COLS " FROM attachments a LEFT JOIN users u"
                              " ON u.id = a.uploader_id WHERE a.ticket_id = $1"
                              " AND ($2::int <> 0 OR a.internal = 0) AND a.deleted_at IS NULL"
                              " ORDER BY a.id LIMIT 500";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, ticket_id);
    pgp_int(&p, with_internal);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    size_t count = (size_t)PQntuples(r);
    struct attachment *out = arena_alloc(a, (count ? count : 1) * sizeof *out);
    for (size_t i = 0; i < count; i++)
        read_att(r, (int)i, a, &out[i]);
    PQclear(r);
    *items = out;
    *n = count;
    return 0;
}

/* ---- the driver's table ---- */

const struct store_ticket_ops pg_ticket_ops = {
    .ticket_create = pg_ticket_create,
    .ticket_get = pg_ticket_get,
    .ticket_get_id = pg_ticket_get_id,
    .ticket_save = pg_ticket_save,
    .ticket_list = pg_ticket_list,
    .ticket_sweep_candidates = pg_ticket_sweep_candidates,
    .ticket_set_tags = pg_ticket_set_tags,
    .ticket_add_tags = pg_ticket_add_tags,
    .ticket_search_log = pg_ticket_search_log,
    .event_add = pg_event_add,
    .events_list = pg_events_list,
    .redirect_add = pg_redirect_add,
    .redirect_count = pg_redirect_count,
    .attachment_add = pg_attachment_add,
    .attachment_get = pg_attachment_get,
    .attachments_list = pg_attachments_list,
};

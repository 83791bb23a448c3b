/* Tickets: numbering, rows, the visibility-scoped list with full-text
** search, tags and the timeline (outbox rows: outbox.c; redirects:
** redirects.c; attachments: attachments.c). */
#include "store/sqlite/sqlite.h"
#include "store/sqlite/scope.h"
#include "store/sqlite/ops.h"
#include "store/sqlite/rows.h"
#include "core/arena.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TICKET_COLS                                                                          \
    "t.id, t.number, t.title, t.description, t.service_id, t.category_id, t.priority_id, "   \
    "t.requester_id, t.unit_id, t.contact_name, t.contact_phone, t.channel, t.status, "      \
    "t.assignee_id, t.tier, t.esc_unit_id, t.esc_vendor_id, t.created_by, t.created_at, "     \
    "t.updated_at, t.first_response_at, t.resolved_at, t.closed_at, t.sla_policy_id, "        \
    "t.first_response_due, t.resolution_due, t.sla_paused_minutes, t.waiting_since, "         \
    "t.first_response_breached, t.resolution_breached, t.resolution_summary, "                \
    "t.cancel_reason, t.feedback, t.rating, t.merged_into_id, t.version, t.sla_warned, "                    \
    "s.name, s.kind, r.name, r.email, r.locale, a.name, a.email, un.name, p.code, m.number, " \
    "(SELECT group_concat(g.name, char(31)) FROM ticket_tags tt JOIN tags g ON g.id = "       \
    "tt.tag_id WHERE tt.ticket_id = t.id), t.booking, CASE WHEN t.booking THEN (SELECT "   \
    "group_concat(ss.user_id) FROM service_staff ss WHERE ss.service_id = t.service_id) END"

#define TICKET_FROM " FROM tickets t" TICKET_JOINS
#define TICKET_JOINS                                                                         \
    " JOIN services s ON s.id = t.service_id "                                               \
    "JOIN users r ON r.id = t.requester_id LEFT JOIN users a ON a.id = t.assignee_id "        \
    "LEFT JOIN units un ON un.id = t.unit_id LEFT JOIN priorities p ON p.id = t.priority_id " \
    "LEFT JOIN tickets m ON m.id = t.merged_into_id"

static struct ticket *read_ticket(sqlite3_stmt *st, int c, struct arena *a)
{
    struct ticket *t = arena_alloc(a, sizeof *t);
    t->id = sqlite3_column_int64(st, c++);
    t->number = sq_text(a, st, c++);
    t->title = sq_text(a, st, c++);
    t->description = sq_text(a, st, c++);
    t->service_id = sqlite3_column_int64(st, c++);
    t->category_id = sqlite3_column_int64(st, c++);
    t->priority_id = sqlite3_column_int64(st, c++);
    t->requester_id = sqlite3_column_int64(st, c++);
    t->unit_id = sqlite3_column_int64(st, c++);
    t->contact_name = sq_text(a, st, c++);
    t->contact_phone = sq_text(a, st, c++);
    t->channel = sq_text(a, st, c++);
    t->status = sq_text(a, st, c++);
    t->assignee_id = sqlite3_column_int64(st, c++);
    t->tier = sqlite3_column_int(st, c++);
    t->esc_unit_id = sqlite3_column_int64(st, c++);
    t->esc_vendor_id = sqlite3_column_int64(st, c++);
    t->created_by = sqlite3_column_int64(st, c++);
    t->created_at = sqlite3_column_int64(st, c++);
    t->updated_at = sqlite3_column_int64(st, c++);
    t->first_response_at = sqlite3_column_int64(st, c++);
    t->resolved_at = sqlite3_column_int64(st, c++);
    t->closed_at = sqlite3_column_int64(st, c++);
    t->sla_policy_id = sqlite3_column_int64(st, c++);
    t->first_response_due = sqlite3_column_int64(st, c++);
    t->resolution_due = sqlite3_column_int64(st, c++);
    t->sla_paused_minutes = sqlite3_column_int64(st, c++);
    t->waiting_since = sqlite3_column_int64(st, c++);
    t->first_response_breached = sqlite3_column_int(st, c++) != 0;
    t->resolution_breached = sqlite3_column_int(st, c++) != 0;
    t->resolution_summary = sq_text(a, st, c++);
    t->cancel_reason = sq_text(a, st, c++);
    t->feedback = sq_text(a, st, c++);
    t->rating = sqlite3_column_int(st, c++);
    t->merged_into_id = sqlite3_column_int64(st, c++);
    t->version = sqlite3_column_int64(st, c++);
    t->sla_warned = sqlite3_column_int(st, c++) != 0;
    t->service_name = sq_text(a, st, c++);
    t->service_kind = sq_text(a, st, c++);
    t->requester_name = sq_text(a, st, c++);
    t->requester_email = sq_text(a, st, c++);
    t->requester_locale = sq_text(a, st, c++);
    t->assignee_name = sq_text(a, st, c++);
    t->assignee_email = sq_text(a, st, c++);
    t->unit_name = sq_text(a, st, c++);
    t->priority_code = sq_text(a, st, c++);
    t->merged_into_number = sq_text(a, st, c++);
    const char *tags = sq_text(a, st, c++);
    if (tags && *tags) {
        size_t n = 1;
        for (const char *p = tags; *p; p++)
            n += *p == '\x1f';
        t->tags = arena_alloc(a, n * sizeof *t->tags);
        char *copy = arena_strdup(a, tags), *s = copy;
        for (size_t i = 0; i < n; i++) {
            char *e = strchr(s, '\x1f');
            if (e)
                *e = 0;
            t->tags[i] = s;
            s = e ? e + 1 : s;
        }
        t->n_tags = n;
    }
    t->booking = sqlite3_column_int(st, c++) != 0;
    /* a booking's ticket carries who serves its service: core/perm.c's rule */
    const char *staff = sq_text(a, st, c++);
    if (staff && *staff) {
        size_t n = 1;
        for (const char *p = staff; *p; p++)
            n += *p == ',';
        int64_t *ids = arena_alloc(a, n * sizeof *ids);
        char *end;
        for (size_t i = 0; i < n; i++, staff = end + (*end == ',')) {
            ids[i] = strtoll(staff, &end, 10);
            if (end == staff)
                break;
        }
        t->staff_ids = ids;
        t->n_staff = n;
    }
    return t;
}

/* Next number of the year: the counter row is bumped inside the caller's
** transaction (BEGIN IMMEDIATE), so numbers are unique and gap-free. An
** UPDATE and a read, not one upsert with RETURNING: RETURNING collects its
** rows in a temporary b-tree, opened and closed each time (5 % of the batch
** writer's CPU). */
static const char seq_read_sql[] = "SELECT last FROM ticket_counters WHERE year = ?";

int sq_seq_flush(struct sq_db *d, struct err *err)
{
    static const char sql[] = "INSERT INTO ticket_counters (year, last) VALUES (?, ?)"
                              " ON CONFLICT (year) DO UPDATE SET last = excluded.last";
    if (!d->seq.dirty)
        return 0;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int(st, 1, d->seq.year);
    sqlite3_bind_int64(st, 2, d->seq.last);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    d->seq.dirty = false;
    return 0;
}

/* The group-commit writer holds the write lock from its BEGIN IMMEDIATE
** to its commit, so within its transaction nobody else moves the counter:
** it is read once, counted here and written back by batch_flush
** (sq_rollup_flush) before the commit; a job rolled back to its savepoint
** takes its numbers back (tx.c). Two statements less a ticket (bench/README.md,
** appointments, seventh pass). */
static int next_seq_batch(struct sq_db *d, int year, int64_t *seq, struct err *err)
{
    if (!d->seq.have || d->seq.year != year) {
        if (sq_seq_flush(d, err) != 0) /* another year's, should the year turn */
            return err->kind;
        sqlite3_stmt *st = sq_prepare(d, seq_read_sql, err);
        if (!st)
            return err->kind;
        sqlite3_bind_int(st, 1, year);
        int rc = sqlite3_step(st);
        int64_t last = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return sq_error(d, rc, err);
        d->seq = (struct sq_seq){.year = year, .last = last, .have = true};
    }
    *seq = ++d->seq.last;
    d->seq.dirty = true;
    return 0;
}

/* A number next_seq gave that no row took: in batch mode it goes back
** (the UPDATE it replaces was undone with the failed job's writes). */
static void seq_unused(struct sq_db *d, int64_t seq)
{
    if (d->batch_mode && d->tx_depth && d->seq.have && d->seq.last == seq)
        d->seq.last--;
}

static int next_seq(struct sq_db *d, int year, int64_t *seq, struct err *err)
{
    static const char bump_sql[] = "UPDATE ticket_counters SET last = last + 1 WHERE year = ?";
    static const char first_sql[] = "INSERT INTO ticket_counters (year, last) VALUES (?, 1)";
    if (d->batch_mode && d->tx_depth)
        return next_seq_batch(d, year, seq, err);
    sqlite3_stmt *st = sq_prepare(d, bump_sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int(st, 1, year);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (sqlite3_changes(d->h) == 0) {
        if (!(st = sq_prepare(d, first_sql, err)))
            return err->kind;
        sqlite3_bind_int(st, 1, year);
        if (sq_exec_stmt(d, st, err) != 0)
            return err->kind;
    }
    if (!(st = sq_prepare(d, seq_read_sql, err)))
        return err->kind;
    sqlite3_bind_int(st, 1, year);
    int rc = sqlite3_step(st);
    *seq = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

int sq_ticket_create(struct db *db, struct ticket *t, const char *prefix, int year,
                     struct arena *a, struct err *err)
{
    static const char sql[] =
        "INSERT INTO tickets (number, title, description, service_id, category_id, priority_id,"
        " requester_id, unit_id, contact_name, contact_phone, channel, status, assignee_id,"
        " tier, created_by, created_at, updated_at, sla_policy_id, first_response_due,"
        " resolution_due, priority_rank, booking) VALUES (?,?,?,?,?,?,?,?,?,?,?,'new',?,1,?,?,?,?,?,"
        "?, (SELECT rank FROM priorities WHERE id = ?), ?)";
    struct sq_db *d = (struct sq_db *)db;
    int64_t seq;
    if (next_seq(d, year, &seq, err) != 0)
        return err->kind;
    if (seq > 999999) {
        seq_unused(d, seq);
        return err_set(err, ERR_CONFLICT, "ticket.number_exhausted",
                       "nomor tiket tahun ini habis", "ticket numbers for this year ran out");
    }
    t->number = arena_printf(a, "%s-%04d-%06lld", prefix, year, (long long)seq);
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st) {
        seq_unused(d, seq);
        return err->kind;
    }
    int i = 1;
    sq_bind_text_now(st, i++, t->number);
    sq_bind_text_now(st, i++, t->title);
    sq_bind_text_now(st, i++, t->description);
    sqlite3_bind_int64(st, i++, t->service_id);
    sq_bind_id(st, i++, t->category_id);
    sq_bind_id(st, i++, t->priority_id);
    sqlite3_bind_int64(st, i++, t->requester_id);
    sq_bind_id(st, i++, t->unit_id);
    sq_bind_text_now(st, i++, t->contact_name);
    sq_bind_text_now(st, i++, t->contact_phone);
    sq_bind_text_now(st, i++, t->channel);
    sq_bind_id(st, i++, t->assignee_id);
    sq_bind_id(st, i++, t->created_by);
    sqlite3_bind_int64(st, i++, t->created_at);
    sqlite3_bind_int64(st, i++, t->created_at);
    sq_bind_id(st, i++, t->sla_policy_id);
    sq_bind_id(st, i++, t->first_response_due);
    sq_bind_id(st, i++, t->resolution_due);
    sq_bind_id(st, i++, t->priority_id); /* its rank, kept for sorting (migration 0011) */
    sqlite3_bind_int(st, i++, t->booking);
    if (sq_exec_stmt(d, st, err) != 0) {
        seq_unused(d, seq);
        return err->kind;
    }
    t->id = sqlite3_last_insert_rowid(d->h);
    t->version = 1;
    t->status = "new";
    if (d->batch_mode) /* its triggers are off: rollup.c counts it */
        sq_rollup_ticket(d, t);
    return sq_search_log(d, t->id, err);
}

/* Steps a bound single-ticket query; 404 when it has no row. */
static int one_ticket(struct sq_db *d, sqlite3_stmt *st, struct arena *a, struct ticket **out,
                      struct err *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = read_ticket(st, 0, a);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_NOT_FOUND, "ticket.not_found", "tiket tidak ditemukan",
                       "ticket not found");
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

/* The year and sequence number of "PREFIX-YYYY-NNNNNN"; false for any other form. */
static bool number_parts(const char *number, int *year, int64_t *seq)
{
    const char *dash = strrchr(number, '-');
    if (!dash || dash - number < 5 || dash[-5] != '-' || !dash[1] || strlen(dash + 1) > 9)
        return false;
    int y = 0;
    for (const char *p = dash - 4; p < dash; p++) {
        if (*p < '0' || *p > '9')
            return false;
        y = y * 10 + (*p - '0');
    }
    int64_t n = 0;
    for (const char *p = dash + 1; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        n = n * 10 + (*p - '0');
    }
    *year = y;
    *seq = n;
    return true;
}

/* A ticket's number and its id are both handed out in commit order, so
** within a year id = sequence + an offset that changes only if tickets are
** inserted some other way. The offset seen last lets a lookup read the row by
** id: one b-tree descent instead of two (the number index, then the table),
** a third less SQLite time for a GET by number at a million tickets. The
** statement checks the number too, so a wrong guess only costs the lookup
** through the index, which then corrects the offset. A hint, never a source
** of truth: each process learns it from what it reads. */
#define NUM_BIAS ((int64_t)1 << 40)

int sq_ticket_get(struct db *db, const char *number, struct arena *a, struct ticket **out,
                  struct err *err)
{
    static const char by_number[] = "SELECT " TICKET_COLS TICKET_FROM " WHERE t.number = ?";
    static const char by_guess[] =
        "SELECT " TICKET_COLS TICKET_FROM " WHERE t.id = ? AND t.number = ?";
    struct sq_db *d = (struct sq_db *)db;
    struct sq_store *s = (struct sq_store *)db->st;
    int year = 0;
    int64_t seq = 0, off = 0;
    _Atomic int64_t *hint = NULL;
    if (number_parts(number, &year, &seq) && year >= 2000 && year < 2000 + SQ_NUM_YEARS) {
        hint = &s->num_offset[year - 2000];
        off = atomic_load_explicit(hint, memory_order_relaxed);
    }
    if (off) { /* stored with NUM_BIAS added, so that 0 means none yet */
        off -= NUM_BIAS;
        sqlite3_stmt *st = sq_prepare(d, by_guess, err);
        if (!st)
            return err->kind;
        sqlite3_bind_int64(st, 1, seq + off);
        sq_bind_text(st, 2, number);
        int rc = one_ticket(d, st, a, out, err);
        if (rc != ERR_NOT_FOUND)
            return rc;
        err_clear(err);
    }
    sqlite3_stmt *st = sq_prepare(d, by_number, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, number);
    int rc = one_ticket(d, st, a, out, err);
    if (rc == 0 && hint)
        atomic_store_explicit(hint, (*out)->id - seq + NUM_BIAS, memory_order_relaxed);
    return rc;
}

int sq_ticket_get_id(struct db *db, int64_t id, struct arena *a, struct ticket **out,
                     struct err *err)
{
    static const char sql[] = "SELECT " TICKET_COLS TICKET_FROM " WHERE t.id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    return one_ticket(d, st, a, out, err);
}

int sq_ticket_save(struct db *db, struct ticket *t, struct err *err)
{
    static const char sql[] =
        "UPDATE tickets SET title = ?, description = ?, service_id = ?, category_id = ?,"
        " priority_id = ?, priority_rank = (SELECT rank FROM priorities WHERE id = ?),"
        " contact_name = ?, contact_phone = ?, status = ?, assignee_id = ?,"
        " tier = ?, esc_unit_id = ?, esc_vendor_id = ?, updated_at = ?, first_response_at = ?,"
        " resolved_at = ?, closed_at = ?, sla_policy_id = ?, first_response_due = ?,"
        " resolution_due = ?, sla_paused_minutes = ?, waiting_since = ?,"
        " first_response_breached = ?, resolution_breached = ?, resolution_summary = ?,"
        " cancel_reason = ?, feedback = ?, rating = ?, merged_into_id = ?, sla_warned = ?,"
        " version = version + 1 WHERE id = ? AND version = ?";
    struct sq_db *d = (struct sq_db *)db;
    /* the writer's triggers are off (rollup.c); issue #22's rules save new tickets */
    if (d->batch_mode && sq_rollup_save(d, t, err) != 0)
        return err->kind;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    int i = 1;
    sq_bind_text(st, i++, t->title);
    sq_bind_text(st, i++, t->description);
    sqlite3_bind_int64(st, i++, t->service_id);
    sq_bind_id(st, i++, t->category_id);
    sq_bind_id(st, i++, t->priority_id);
    sq_bind_id(st, i++, t->priority_id); /* for priority_rank */
    sq_bind_text(st, i++, t->contact_name);
    sq_bind_text(st, i++, t->contact_phone);
    sq_bind_text(st, i++, t->status);
    sq_bind_id(st, i++, t->assignee_id);
    sqlite3_bind_int(st, i++, t->tier);
    sq_bind_id(st, i++, t->esc_unit_id);
    sq_bind_id(st, i++, t->esc_vendor_id);
    sqlite3_bind_int64(st, i++, t->updated_at);
    sq_bind_id(st, i++, t->first_response_at);
    sq_bind_id(st, i++, t->resolved_at);
    sq_bind_id(st, i++, t->closed_at);
    sq_bind_id(st, i++, t->sla_policy_id);
    sq_bind_id(st, i++, t->first_response_due);
    sq_bind_id(st, i++, t->resolution_due);
    sqlite3_bind_int64(st, i++, t->sla_paused_minutes);
    sq_bind_id(st, i++, t->waiting_since);
    sqlite3_bind_int(st, i++, t->first_response_breached);
    sqlite3_bind_int(st, i++, t->resolution_breached);
    sq_bind_text(st, i++, t->resolution_summary);
    sq_bind_text(st, i++, t->cancel_reason);
    sq_bind_text(st, i++, t->feedback);
    if (t->rating)
        sqlite3_bind_int(st, i++, t->rating);
    else
        sqlite3_bind_null(st, i++);
    sq_bind_id(st, i++, t->merged_into_id);
    sqlite3_bind_int(st, i++, t->sla_warned);
    sqlite3_bind_int64(st, i++, t->id);
    sqlite3_bind_int64(st, i++, t->version);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (sqlite3_changes(d->h) == 0)
        return err_set(err, ERR_CONFLICT, "ticket.stale",
                       "tiket telah diubah orang lain; muat ulang dan coba lagi",
                       "the ticket was changed by someone else; reload and try again");
    t->version++;
    return sq_search_log(d, t->id, err); /* the title or description may have changed */
}

static const char *sort_column(const char *s)
{
    static const char *const allowed[][2] = {
        {"created_at", "t.created_at"}, {"updated_at", "t.updated_at"},
        {"number", "t.number"},         {"status", "t.status"},
        {"priority", "t.priority_rank"},         {"resolution_due", "t.resolution_due"},
        {"title", "t.title"},
    };
    for (size_t i = 0; s && i < sizeof allowed / sizeof allowed[0]; i++)
        if (!strcmp(s, allowed[i][0]))
            return allowed[i][1];
    return NULL;
}

/* The index to walk for a filtered list in one of migration 0011's sorts,
** "" to let SQLite plan it, or NULL when only a deeper count can tell.
** SQLite has no statistics here (ANALYZE would hold the write lock for
** seconds at a million tickets), so it takes any filter to match a handful
** of tickets: it reads them through the filter's index and sorts them, and
** "open tickets by priority" sorted a third of the table (0.3-0.6 s).
** Walking the sort's index and skipping what does not match reads about
** end x tickets / matches rows instead of all the matches. When the capped
** count says the filter matches more than TICKET_COUNT_CAP tickets and the
** page ends near the top, that is at most end x tickets / TICKET_COUNT_CAP
** rows and the walk is taken; a deeper page (page 20 of the in-progress
** tickets by last update took 0.45 s sorted, 5 ms walked) asks for a count
** up to SORT_WALK_DEEP_CAP and walks while end x tickets <= 4 x matches^2,
** while it reads at most four rows for each row a sort would: a walked row
** cost 0.5 us and a sorted one 4.6 at a million tickets (rows are mostly
** stored in creation order and the three sort columns follow it loosely). */
enum { SORT_WALK_MAX_END = 250, SORT_WALK_DEEP_CAP = 250000 };

static const char *sort_walk(const char *by, int64_t seen, int64_t end)
{
    static const char *const walks[][2] = {
        {"t.updated_at", " INDEXED BY tickets_updated"},
        {"t.priority_rank", " INDEXED BY tickets_priority_rank"},
        {"t.resolution_due", " INDEXED BY tickets_due"},
    };
    if (seen <= TICKET_COUNT_CAP)
        return "";
    for (size_t i = 0; i < sizeof walks / sizeof walks[0]; i++)
        if (!strcmp(by, walks[i][0]))
            return end > SORT_WALK_MAX_END ? NULL : walks[i][1];
    return "";
}

/* Runs a count query of the list (two columns: matches seen, matches that
** pass the filters). Outside a transaction of its own the answer may come
** from counts.c, under the generation its snapshot was read at (a kept
** snapshot's, or the one read now, before the query starts a newer one). */
static int list_count(struct sq_db *d, const char *sql, const struct ticket_query *q,
                      const char *fts, int64_t *seen, int64_t *total, struct err *err)
{
    sqlite3_stmt *st = sq_prepare_text(d, sql, err);
    if (!st)
        return err->kind;
    sq_query_bind(st, q, fts);
    struct sq_store *s = (struct sq_store *)d->base.st;
    bool keep = d->snap || (!d->tx_depth && sqlite3_get_autocommit(d->h));
    uint64_t gen = d->snap ? d->snap_gen : store_generation(d->base.st);
    char *key = keep ? sqlite3_expanded_sql(st) : NULL;
    int rc = SQLITE_ROW;
    if (!key || !sq_counts_get(s->counts, key, gen, seen, total)) {
        rc = sqlite3_step(st);
        *seen = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        *total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
        if (key && rc == SQLITE_ROW)
            sq_counts_put(s->counts, key, gen, *seen, *total);
    }
    sqlite3_free(key);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

/* The page and the total are two queries: a window count over every match
** would walk all of them even for a 50-row page. A text search runs from
** the FTS index in rowid order (ids grow with creation time, so that is
** newest first) and stops at the page; other sorts use the IN form. */
int sq_ticket_list(struct db *db, const struct ticket_query *q, struct arena *a,
                   struct ticket ***items, size_t *n, int64_t *total, bool *capped,
                   struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    char *where, *fts;
    if (sq_query_where(d, q, SQ_PERIOD_CREATED, false, a, &where, &fts, err) != 0)
        return err->kind;
    const char *sort = sort_column(q->sort);
    bool newest = !sort || (!strcmp(sort, "t.created_at") && q->sort_desc);
    const char *dir = q->sort_desc ? "DESC" : "ASC";
    char *sql, *csql;
    /* The page's ids first, from the index alone where it covers the
    ** filters, then the page's rows with their joins: joined in one query,
    ** every row an OFFSET skips was read and joined too (page 20 of a list
    ** cost twice page 1, and a search's 1000 skipped rows 1000 page reads).
    ** A text search with filters walks the text matches newest first and
    ** looks each ticket up (CROSS JOIN keeps that order: the planner liked
    ** to walk a unit's tickets and run the MATCH once per ticket, which is
    ** a full prefix query each time, minutes at a million tickets), and
    ** counts among the first TICKET_COUNT_CAP + 1 matches only. */
    bool text_count = false, text_page = fts && newest;
    const char *ftsw = fts && !text_page ? " AND t.id IN (SELECT rowid FROM search.ticket_fts "
                                           "WHERE ticket_fts MATCH ?4)" : "";
    if (text_page) {
        /* FTS rows are only ever written for tickets (search.c): without
        ** filters the count needs no ticket row */
        text_count = *where != 0;
        csql = text_count ? arena_printf(a, "SELECT count(*), count(t.id) FROM (SELECT rowid "
                                            "AS id FROM search.ticket_fts WHERE ticket_fts MATCH "
                                            "?4 LIMIT ?22) m LEFT JOIN tickets t ON t.id = m.id"
                                            "%s", where)
                          : "SELECT count(*), count(*) FROM (SELECT 1 FROM search.ticket_fts f "
                            "WHERE f.ticket_fts MATCH ?4 LIMIT ?22)";
    } else {
        csql = arena_printf(a, "SELECT count(*), count(*) FROM (SELECT 1 FROM tickets t WHERE "
                               "1%s%s LIMIT ?22)", where, ftsw);
    }
    /* The count first: it decides how the page is read. */
    int64_t seen;
    int rc = list_count(d, csql, q, fts, &seen, total, err);
    sqlite3_stmt *st;
    if (rc != 0)
        return rc;
    if (text_page) {
        const char *from = *where ? "search.ticket_fts f CROSS JOIN tickets t ON t.id = f.rowid"
                                  : "search.ticket_fts f";
        sql = arena_printf(a, "SELECT " TICKET_COLS TICKET_FROM " WHERE t.id IN (SELECT f.rowid "
                              "FROM %s WHERE f.ticket_fts MATCH ?4%s ORDER BY f.rowid DESC "
                              "LIMIT ?20 OFFSET ?21) ORDER BY t.id DESC", from, where);
    } else {
        const char *by = sort ? sort : "t.created_at";
        const char *walk = "";
        if (*where && !fts && (walk = sort_walk(by, seen, q->page * q->per_page)) == NULL) {
            /* a deep page: walk if the filter matches enough to make it pay */
            int64_t deep, passed, rows, end = q->page * q->per_page;
            if (list_count(d, arena_printf(a, "SELECT count(*), count(*) FROM (SELECT 1 "
                                              "FROM tickets t WHERE 1%s LIMIT %d)",
                                           where, SORT_WALK_DEEP_CAP + 1),
                           q, fts, &deep, &passed, err) != 0 ||
                /* the largest id: the table's size, near enough, in one descent */
                sq_read_int(d, "SELECT coalesce(max(id), 0) FROM tickets", &rows, err) != 0)
                return err->kind;
            walk = (double)end * (double)rows <= 4.0 * (double)deep * (double)deep
                       ? sort_walk(by, seen, 0)
                       : "";
        }
        sql = arena_printf(a, "SELECT " TICKET_COLS TICKET_FROM " WHERE t.id IN (SELECT t.id "
                              "FROM tickets t%s WHERE 1%s%s ORDER BY %s %s, t.id %s LIMIT ?20 "
                              "OFFSET ?21) ORDER BY %s %s, t.id %s",
                           walk, where, ftsw, by, dir, dir, by, dir, dir);
    }
    if (!(st = sq_prepare_text(d, sql, err)))
        return err->kind;
    sq_query_bind(st, q, fts);
    size_t cap = (size_t)q->per_page, count = 0;
    struct ticket **out = arena_alloc(a, (cap ? cap : 1) * sizeof *out);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && count < cap)
        out[count++] = read_ticket(st, 0, a);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sq_error(d, rc, err);
    /* Past the cap the exact figure is not worth a scan of every match. */
    *capped = seen > TICKET_COUNT_CAP;
    if (*total > TICKET_COUNT_CAP)
        *total = TICKET_COUNT_CAP;
    *items = out;
    *n = count;
    return 0;
}

int sq_ticket_sweep_candidates(struct db *db, int64_t now, int64_t horizon,
                               int64_t resolved_before, struct arena *a, struct ticket ***items,
                               size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT " TICKET_COLS TICKET_FROM " WHERE t.id IN ("
        " SELECT id FROM (SELECT id FROM tickets INDEXED BY tickets_first_response_due"
        "  WHERE status IN ('new', 'in_progress') AND first_response_at IS NULL"
        "  AND NOT first_response_breached AND first_response_due <= ?1 LIMIT 500)"
        " UNION SELECT id FROM (SELECT id FROM tickets INDEXED BY tickets_resolution_due"
        "  WHERE status IN ('new', 'in_progress') AND resolution_due <= max(?1, ?2)"
        "  AND NOT resolution_breached AND (resolution_due <= ?1 OR NOT sla_warned) LIMIT 500)"
        " UNION SELECT id FROM (SELECT id FROM tickets INDEXED BY tickets_resolved_at"
        "  WHERE status = 'resolved' AND resolved_at <= ?3 LIMIT 500))"
        " ORDER BY t.id LIMIT 500";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, horizon);
    sqlite3_bind_int64(st, 3, resolved_before);
    struct ticket **out = arena_alloc(a, 500 * sizeof *out);
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && count < 500)
        out[count++] = read_ticket(st, 0, a);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sq_error(d, rc, err);
    *items = out;
    *n = count;
    return 0;
}

int sq_ticket_set_tags(struct db *db, int64_t ticket_id, const int64_t *tag_ids, size_t n,
                       struct err *err)
{
    static const char del[] = "DELETE FROM ticket_tags WHERE ticket_id = ?";
    static const char ins[] = "INSERT OR IGNORE INTO ticket_tags (ticket_id, tag_id) VALUES (?, ?)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, del, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, ticket_id);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    for (size_t i = 0; i < n; i++) {
        if (!(st = sq_prepare(d, ins, err)))
            return err->kind;
        sqlite3_bind_int64(st, 1, ticket_id);
        sqlite3_bind_int64(st, 2, tag_ids[i]);
        if (sq_exec_stmt(d, st, err) != 0)
            return err->kind;
    }
    return 0;
}

int sq_ticket_add_tags(struct db *db, int64_t ticket_id, const int64_t *tag_ids, size_t n,
                       size_t *added, struct err *err)
{
    static const char ins[] = "INSERT OR IGNORE INTO ticket_tags (ticket_id, tag_id) VALUES (?, ?)";
    struct sq_db *d = (struct sq_db *)db;
    *added = 0;
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = sq_prepare(d, ins, err);
        if (!st)
            return err->kind;
        sqlite3_bind_int64(st, 1, ticket_id);
        sqlite3_bind_int64(st, 2, tag_ids[i]);
        if (sq_exec_stmt(d, st, err) != 0)
            return err->kind;
        *added += (size_t)sqlite3_changes(d->h);
    }
    return 0;
}

int sq_ticket_search_log(struct db *db, int64_t ticket_id, struct err *err)
{
    return sq_search_log((struct sq_db *)db, ticket_id, err);
}

int sq_event_add(struct db *db, const struct ticket_event *e, struct err *err)
{
    static const char sql[] =
        "INSERT INTO ticket_events (ticket_id, at, actor_id, kind, field, old_value, new_value,"
        " body, internal, target) VALUES (?,?,?,?,?,?,?,?,?,?)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, e->ticket_id);
    sqlite3_bind_int64(st, 2, e->at);
    sq_bind_id(st, 3, e->actor_id);
    sq_bind_text_now(st, 4, e->kind);
    sq_bind_text_now(st, 5, e->field);
    sq_bind_text_now(st, 6, e->old_value);
    sq_bind_text_now(st, 7, e->new_value);
    sq_bind_text_now(st, 8, e->body);
    sqlite3_bind_int(st, 9, e->internal);
    sq_bind_text_now(st, 10, e->target);
    return sq_exec_stmt(d, st, err);
}

int sq_events_list(struct db *db, int64_t ticket_id, bool with_internal, struct arena *a,
                   struct ticket_event **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT e.id, e.at, e.actor_id, u.name, e.kind, e.field, e.old_value, e.new_value,"
        " e.body, e.internal, e.target FROM ticket_events e LEFT JOIN users u ON u.id = e.actor_id"
        " WHERE e.ticket_id = ?1 AND (?2 OR e.internal = 0) ORDER BY e.id";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, ticket_id);
    sqlite3_bind_int(st, 2, with_internal);
    size_t cap = 32, count = 0;
    struct ticket_event *out = arena_alloc(a, cap * sizeof *out);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            struct ticket_event *bigger = sq_rows_grow(a, out, count, &cap, sizeof *out);
            if (!bigger)
                return sq_rows_too_many(st, err);
            out = bigger;
        }
        struct ticket_event *e = &out[count++];
        e->ticket_id = ticket_id;
        e->id = sqlite3_column_int64(st, 0);
        e->at = sqlite3_column_int64(st, 1);
        e->actor_id = sqlite3_column_int64(st, 2);
        e->actor_name = sq_text(a, st, 3);
        e->kind = sq_text(a, st, 4);
        e->field = sq_text(a, st, 5);
        e->old_value = sq_text(a, st, 6);
        e->new_value = sq_text(a, st, 7);
        e->body = sq_text(a, st, 8);
        e->internal = sqlite3_column_int(st, 9) != 0;
        e->target = sq_text(a, st, 10);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *items = out;
    *n = count;
    return 0;
}

/* PostgreSQL driver: report rollups of the group commit, as SQLite's
** (store/sqlite/rollup.c). The trigger report_ticket_insert (migration 0009)
** upserts a new ticket's eight report_daily rows; a batch of fifty tickets
** of one day upserted the same eight rows fifty times in one transaction,
** and each upsert walked the row versions the batch's earlier ones had
** left. In batch mode the writer's transactions begin with
** SET LOCAL loket.rollup = 'on' (tx.c), which keeps the trigger out, and
** this file counts the batch's tickets in memory, one entry per
** (dimension, day, key), and upserts each once before the commit. A job
** rolled back to its savepoint takes its counts with it. The only other
** statement of the writer that moves counts is a ticket's save (automation
** rules acting on a new ticket): its UPDATE trigger needs the rows written,
** so the save flushes first (tickets.c). */
#include "store/pg/pg.h"
#include "store/pg/rollup.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/die.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pg_rollup {
    struct pg_ru {
        const char *dim; /* static */
        int64_t day;
        char key[48];
        int64_t n;
    } *e;
    size_t n, cap;
    int64_t *mark; /* the counts at the job's savepoint */
    size_t mark_n, mark_cap;
    bool pending; /* some count not written yet */
};

static struct pg_rollup *ru_of(struct pg_db *d)
{
    if (!d->ru && !(d->ru = calloc(1, sizeof *d->ru)))
        die("out of memory");
    return d->ru;
}

/* The trigger's local day: WIB, (unix seconds + 25200) / 86400. */
static int64_t local_day(int64_t t)
{
    return (t + 25200) / 86400;
}

/* false: the key is longer than an entry holds (the caller writes it now) */
static bool add(struct pg_rollup *ru, const char *dim, int64_t day, const char *key)
{
    if (strlen(key) >= sizeof ru->e[0].key)
        return false;
    ru->pending = true;
    for (size_t i = 0; i < ru->n; i++) {
        struct pg_ru *r = &ru->e[i];
        if (r->day == day && r->dim == dim && !strcmp(r->key, key)) {
            r->n++;
            return true;
        }
    }
    if (ru->n == ru->cap) {
        struct pg_ru *e = vec_grow(ru->e, &ru->cap, ru->n + 1, sizeof *e, SIZE_MAX);
        if (!e)
            die("out of memory");
        ru->e = e;
    }
    struct pg_ru *r = &ru->e[ru->n++];
    r->dim = dim;
    r->day = day;
    strcpy(r->key, key);
    r->n = 1;
    return true;
}

/* An id as the trigger casts it: decimal text, NULL (0 here) as ''. */
static const char *id_key(char *buf, size_t n, int64_t id)
{
    if (!id)
        return "";
    snprintf(buf, n, "%lld", (long long)id);
    return buf;
}

bool pg_rollup_on(const struct pg_db *d)
{
    return d->rollup_tx && d->tx_depth;
}

int pg_rollup_ticket(struct pg_db *d, const struct ticket *t, struct err *err)
{
    if (t->booking)
        return 0; /* bookings stay out of the helpdesk's counts (the trigger's WHEN) */
    struct pg_rollup *ru = ru_of(d);
    char b[8][24];
    int64_t day = local_day(t->created_at);
    /* the row pg_ticket_create wrote: status 'new', tier 1 */
    bool ok = add(ru, "agent", day, id_key(b[0], sizeof b[0], t->assignee_id)) &
              add(ru, "category", day, id_key(b[1], sizeof b[1], t->category_id)) &
              add(ru, "channel", day, t->channel) &
              add(ru, "priority", day, id_key(b[2], sizeof b[2], t->priority_id)) &
              add(ru, "service", day, id_key(b[3], sizeof b[3], t->service_id)) &
              add(ru, "status", day, "new") & add(ru, "tier", day, "1") &
              add(ru, "unit", day, id_key(b[4], sizeof b[4], t->unit_id));
    if (ok)
        return 0;
    /* a channel name too long for an entry: that dimension's row now */
    static const char sql[] = "INSERT INTO report_daily (dim, day, key, n) VALUES ('channel', $1, $2, 1)"
                              " ON CONFLICT (dim, day, key) DO UPDATE SET n = report_daily.n + 1";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, day);
    pgp_text(&p, t->channel);
    int rc = pg_exec(d, sql, p.n, p.v, NULL, err);
    arena_free(a);
    return rc;
}

void pg_rollup_mark(struct pg_db *d)
{
    struct pg_rollup *ru = ru_of(d);
    if (ru->mark_cap < ru->n) {
        int64_t *m = realloc(ru->mark, ru->cap * sizeof *m);
        if (!m)
            die("out of memory");
        ru->mark = m;
        ru->mark_cap = ru->cap;
    }
    for (size_t i = 0; i < ru->n; i++)
        ru->mark[i] = ru->e[i].n;
    ru->mark_n = ru->n;
}

/* Back to the mark. A flush since then was rolled back with the savepoint,
** so the counts it wrote are owed again: the marked values hold them. */
void pg_rollup_undo(struct pg_db *d)
{
    struct pg_rollup *ru = ru_of(d);
    ru->n = ru->mark_n;
    ru->pending = false;
    for (size_t i = 0; i < ru->n; i++)
        if ((ru->e[i].n = ru->mark[i]) != 0)
            ru->pending = true;
}

void pg_rollup_reset(struct pg_db *d)
{
    if (d->ru)
        d->ru->n = d->ru->mark_n = 0, d->ru->pending = false;
}

/* text[] literal of one column: {"a","b"} with " and \ escaped */
static void array_put(struct buf *b, const char *s, bool first)
{
    buf_putc(b, first ? '{' : ',');
    buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            buf_putc(b, '\\');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

int pg_rollup_flush(struct pg_db *d, struct err *err)
{
    struct pg_rollup *ru = d->ru;
    if (!ru || !ru->pending)
        return 0;
    /* one statement for the batch, its rows in key order like the triggers'
    ** (every transaction locks report_daily rows in the same order) */
    static const char sql[] =
        "INSERT INTO report_daily AS r (dim, day, key, n)"
        " SELECT u.dim, u.day, u.key, u.n FROM unnest($1::text[], $2::bigint[], $3::text[],"
        " $4::bigint[]) AS u (dim, day, key, n) ORDER BY 1, 2, 3"
        " ON CONFLICT (dim, day, key) DO UPDATE SET n = r.n + EXCLUDED.n";
    struct buf dims, days, keys, ns;
    buf_init(&dims, 1 << 20);
    buf_init(&days, 1 << 20);
    buf_init(&keys, 1 << 20);
    buf_init(&ns, 1 << 20);
    bool first = true;
    for (size_t i = 0; i < ru->n; i++) {
        struct pg_ru *r = &ru->e[i];
        if (!r->n)
            continue;
        array_put(&dims, r->dim, first);
        buf_printf(&days, "%c%lld", first ? '{' : ',', (long long)r->day);
        array_put(&keys, r->key, first);
        buf_printf(&ns, "%c%lld", first ? '{' : ',', (long long)r->n);
        first = false;
    }
    int rc = 0;
    if (!first) {
        buf_putc(&dims, '}');
        buf_putc(&days, '}');
        buf_putc(&keys, '}');
        buf_putc(&ns, '}');
        const char *v[4] = {buf_str(&dims), buf_str(&days), buf_str(&keys), buf_str(&ns)};
        if (dims.failed || days.failed || keys.failed || ns.failed)
            rc = err_set(err, ERR_INTERNAL, "internal", "memori habis", "out of memory");
        else
            rc = pg_exec(d, sql, 4, v, NULL, err);
    }
    buf_free(&dims);
    buf_free(&days);
    buf_free(&keys);
    buf_free(&ns);
    if (rc != 0)
        return rc;
    /* written (in this transaction): a job's undo restores from its mark */
    for (size_t i = 0; i < ru->n; i++)
        ru->e[i].n = 0;
    ru->pending = false;
    return 0;
}

void pg_rollup_free(struct pg_db *d)
{
    if (!d->ru)
        return;
    free(d->ru->e);
    free(d->ru->mark);
    free(d->ru);
    d->ru = NULL;
}

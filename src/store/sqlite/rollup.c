/* Report rollups of the group commit. The triggers of migration 0008 add a
** ticket's eight report_daily counts with eight upserts per insert, 15 % of
** the batch writer's time; in batch mode the writer's connection runs with
** triggers off and this file keeps the same counts in memory, one entry
** per (dimension, day, key), and writes them once per batch. A job rolled
** back to its savepoint takes its counts with it. The keys are made exactly
** as the trigger makes them; tests/api/test_reports.py compares the rollup
** with GROUP BY over the tickets after creating tickets through the API. */
#include "store/sqlite/sqlite.h"
#include "core/buf.h"
#include "core/die.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The trigger's local day: WIB, (unix seconds + 25200) / 86400. */
static int64_t local_day(int64_t t)
{
    return (t + 25200) / 86400;
}

static void add_n(struct sq_db *d, const char *dim, int64_t day, const char *key, int64_t n)
{
    for (size_t i = 0; i < d->ru_n; i++) {
        struct sq_rollup *r = &d->ru[i];
        if (r->day == day && !strcmp(r->dim, dim) && !strcmp(r->key, key)) {
            r->n += n;
            return;
        }
    }
    if (d->ru_n == d->ru_cap) {
        /* one entry per (dimension, day, key) a transaction touches: no cap
        ** beyond size_t, and running out is fatal as before */
        struct sq_rollup *ru = vec_grow(d->ru, &d->ru_cap, d->ru_n + 1, sizeof *ru, SIZE_MAX);
        if (!ru)
            die("out of memory");
        d->ru = ru;
    }
    struct sq_rollup *r = &d->ru[d->ru_n++];
    r->dim = dim;
    r->day = day;
    snprintf(r->key, sizeof r->key, "%s", key);
    r->n = n;
}

static void add(struct sq_db *d, const char *dim, int64_t day, const char *key)
{
    add_n(d, dim, day, key, 1);
}

/* An id as the trigger casts it: decimal text, NULL (0 here) as ''. */
static const char *id_key(char *buf, size_t n, int64_t id)
{
    if (!id)
        return "";
    snprintf(buf, n, "%lld", (long long)id);
    return buf;
}

void sq_rollup_ticket(struct sq_db *d, const struct ticket *t)
{
    char b[24];
    int64_t day = local_day(t->created_at);
    if (t->booking)
        return; /* bookings stay out of the helpdesk's counts (migration 0018) */
    add(d, "status", day, t->status ? t->status : "new");
    add(d, "unit", day, id_key(b, sizeof b, t->unit_id));
    add(d, "service", day, id_key(b, sizeof b, t->service_id));
    add(d, "category", day, id_key(b, sizeof b, t->category_id));
    add(d, "priority", day, id_key(b, sizeof b, t->priority_id));
    add(d, "channel", day, t->channel ? t->channel : "web");
    add(d, "tier", day, id_key(b, sizeof b, t->tier ? t->tier : 1));
    add(d, "agent", day, id_key(b, sizeof b, t->assignee_id));
    if (t->resolved_at)
        add(d, "resolved", local_day(t->resolved_at), "");
}

/* In batch mode a ticket saved again in its job (issue #22: the automation
** rules act on a new ticket in the transaction that files it) moves its
** counts as the UPDATE triggers would: -1 under the old key, +1 under the
** new, for each dimension that changes. Only tickets filed in the same
** batch are saved on the writer's connection, so the old keys are counts
** of this batch, still in memory. Called before the UPDATE. */
int sq_rollup_save(struct sq_db *d, const struct ticket *t, struct err *err)
{
    static const char sql[] =
        "SELECT status, coalesce(unit_id, 0), service_id, coalesce(category_id, 0), "
        "coalesce(priority_id, 0), channel, tier, coalesce(assignee_id, 0), "
        "coalesce(resolved_at, 0), created_at, booking FROM tickets WHERE id = ?1";
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, t->id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
    }
    if (sqlite3_column_int(st, 10) || t->booking) {
        sqlite3_reset(st);
        return 0;
    }
    char ob[24], nb[24], status[24], channel[24];
    snprintf(status, sizeof status, "%s", (const char *)sqlite3_column_text(st, 0));
    snprintf(channel, sizeof channel, "%s", (const char *)sqlite3_column_text(st, 5));
    int64_t day = local_day(sqlite3_column_int64(st, 9)), resolved = sqlite3_column_int64(st, 8);
    const struct {
        const char *dim;
        int64_t old, now;
    } ids[] = {{"unit", sqlite3_column_int64(st, 1), t->unit_id},
               {"service", sqlite3_column_int64(st, 2), t->service_id},
               {"category", sqlite3_column_int64(st, 3), t->category_id},
               {"priority", sqlite3_column_int64(st, 4), t->priority_id},
               {"tier", sqlite3_column_int64(st, 6), t->tier},
               {"agent", sqlite3_column_int64(st, 7), t->assignee_id}};
    sqlite3_reset(st);
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        if (ids[i].old != ids[i].now) {
            add_n(d, ids[i].dim, day, id_key(ob, sizeof ob, ids[i].old), -1);
            add_n(d, ids[i].dim, day, id_key(nb, sizeof nb, ids[i].now), 1);
        }
    if (t->status && strcmp(status, t->status)) {
        add_n(d, "status", day, status, -1);
        add_n(d, "status", day, t->status, 1);
    }
    if (t->channel && strcmp(channel, t->channel)) {
        add_n(d, "channel", day, channel, -1);
        add_n(d, "channel", day, t->channel, 1);
    }
    if (resolved != t->resolved_at) {
        if (resolved)
            add_n(d, "resolved", local_day(resolved), "", -1);
        if (t->resolved_at)
            add_n(d, "resolved", local_day(t->resolved_at), "", 1);
    }
    return 0;
}

/* A job's counts are the entries and increments after its savepoint: the
** mark copies the counts so a rollback can restore them. */
void sq_rollup_mark(struct sq_db *d)
{
    if (d->ru_mark_cap < d->ru_n) {
        int64_t *m = realloc(d->ru_mark, d->ru_cap * sizeof *m);
        if (!m)
            die("out of memory");
        d->ru_mark = m;
        d->ru_mark_cap = d->ru_cap;
    }
    for (size_t i = 0; i < d->ru_n; i++)
        d->ru_mark[i] = d->ru[i].n;
    d->ru_mark_n = d->ru_n;
}

void sq_rollup_undo(struct sq_db *d)
{
    d->ru_n = d->ru_mark_n;
    for (size_t i = 0; i < d->ru_n; i++)
        d->ru[i].n = d->ru_mark[i];
}

int sq_rollup_flush(struct db *db, struct err *err)
{
    static const char sql[] = "INSERT INTO report_daily (dim, day, key, n) VALUES (?, ?, ?, ?)"
                              " ON CONFLICT DO UPDATE SET n = n + excluded.n";
    struct sq_db *d = (struct sq_db *)db;
    int rc = sq_seq_flush(d, err); /* the ticket counter kept in batch mode (tickets.c) */
    for (size_t i = 0; rc == 0 && i < d->ru_n; i++) {
        sqlite3_stmt *st = sq_prepare(d, sql, err);
        if (!st)
            return err->kind;
        sq_bind_text(st, 1, d->ru[i].dim);
        sqlite3_bind_int64(st, 2, d->ru[i].day);
        sq_bind_text(st, 3, d->ru[i].key);
        sqlite3_bind_int64(st, 4, d->ru[i].n);
        rc = sq_exec_stmt(d, st, err);
    }
    d->ru_n = d->ru_mark_n = 0;
    return rc;
}

void sq_batch_mode(struct db *db, bool on)
{
    struct sq_db *d = (struct sq_db *)db;
    d->batch_mode = on;
    d->ru_n = d->ru_mark_n = 0;
    sqlite3_db_config(d->h, SQLITE_DBCONFIG_ENABLE_TRIGGER, on ? 0 : 1, NULL);
    /* CHECK (x IN ('a', 'b', ...)) of more than two values builds a
    ** temporary b-tree of the list for every row written (SQLite 3.40 has
    ** no cheaper plan for it in a CHECK): five per booking (the ticket's
    ** status and channel, two outbox rows, the booking's status), 23 % of
    ** the writer's instructions per booking (callgrind: booking_create
    ** 747k -> 575k). The writer only creates tickets and bookings, whose
    ** services check those values against the same lists before they
    ** write; every other connection keeps the constraints, and
    ** PRAGMA integrity_check still reports a violation (api-bookings and
    ** bench/appointments.sh run it after their bookings). */
    sqlite3_exec(d->h, on ? "PRAGMA ignore_check_constraints=ON" : "PRAGMA ignore_check_constraints=OFF",
                 NULL, NULL, NULL);
    /* Foreign keys: a parent lookup per reference of every row written,
    ** 14 a booking (the ticket's service, category, priority, requester and
    ** creator; its events', the booking's and the outbox row's ticket and
    ** user), 19k of the writer's ~312k instructions per booking
    ** (bench/README.md, appointments, seventh pass). Every row the writer's
    ** jobs write refers to rows the job read or wrote itself inside the
    ** same BEGIN IMMEDIATE transaction (the service and its master data,
    ** the requester, the ticket just inserted), so no other connection can
    ** remove a parent in between; every other connection keeps the checks
    ** (a delete of a parent still finds the writer's rows), and
    ** PRAGMA foreign_key_check lists a violation (api-bookings,
    ** api-tickets and bench/appointments.sh run it after their writes).
    ** PRAGMA foreign_keys does nothing inside a transaction, and a pooled
    ** connection may hold a read snapshot: it is ended first (the sixth
    ** pass's try saw no change for that reason). */
    sq_snap_end(d);
    sqlite3_exec(d->h, on ? "PRAGMA foreign_keys=OFF" : "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
}

void sq_rollup_free(struct sq_db *d)
{
    free(d->ru);
    free(d->ru_mark);
}

/* Export jobs on PostgreSQL (store/report_store.h): the rows the export
** worker of `loket serve` claims and finishes; the SQL of
** store/sqlite/reports.c. Several nodes run the worker: a claim takes the
** oldest queued job with FOR UPDATE SKIP LOCKED, so two nodes claiming at
** once get different jobs (or none), never the same one; a node starting
** up requeues only the jobs of sessions that are gone (migration 0003). */
#include "store/pg/report_pg.h"
#include "store/pg/pg.h"
#include "core/arena.h"

#define JOB_COLS                                                                           \
    "id, user_id, report, format, params, status, total, done_rows, file, filename, error, " \
    "created_at, coalesce(finished_at, 0)"

static void read_job(const PGresult *r, struct arena *a, struct export_job *j)
{
    j->id = pg_int(r, 0, 0);
    j->user_id = pg_int(r, 0, 1);
    j->report = pg_text(a, r, 0, 2);
    j->format = pg_text(a, r, 0, 3);
    j->params = pg_text(a, r, 0, 4);
    j->status = pg_text(a, r, 0, 5);
    j->total = pg_int(r, 0, 6);
    j->done_rows = pg_int(r, 0, 7);
    j->file = pg_text(a, r, 0, 8);
    j->filename = pg_text(a, r, 0, 9);
    j->error = pg_text(a, r, 0, 10);
    j->created_at = pg_int(r, 0, 11);
    j->finished_at = pg_int(r, 0, 12);
}

/* Runs a write whose parameters need an arena of their own. */
static int job_write(struct db *db, const char *sql, struct pg_params *p, struct err *err)
{
    int rc = pg_exec((struct pg_db *)db, sql, p->n, p->v, NULL, err);
    arena_free(p->a);
    return rc;
}

int pg_export_create(struct db *db, struct export_job *j, struct err *err)
{
    static const char sql[] = "INSERT INTO export_jobs (user_id, report, format, params, "
                              "created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_int(&p, j->user_id);
    pgp_text(&p, j->report);
    pgp_text(&p, j->format);
    pgp_text(&p, j->params);
    pgp_int(&p, j->created_at);
    PGresult *r;
    int rc = pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err);
    arena_free(p.a);
    if (rc != 0)
        return rc;
    j->id = pg_first_int(r);
    PQclear(r);
    j->status = "queued";
    return 0;
}

/* A job from sql with the one parameter v; *found false without a row. */
static int one_job(struct db *db, const char *sql, const char *v, struct arena *a,
                   struct export_job *out, bool *found, struct err *err)
{
    const char *params[1] = {v};
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, v ? 1 : 0, params, &r, err) != 0)
        return err->kind;
    *found = PQntuples(r) > 0;
    if (*found)
        read_job(r, a, out);
    PQclear(r);
    return 0;
}

int pg_export_get(struct db *db, int64_t id, struct arena *a, struct export_job *out,
                  struct err *err)
{
    static const char sql[] = "SELECT " JOB_COLS " FROM export_jobs WHERE id = $1";
    bool found = false;
    if (one_job(db, sql, arena_printf(a, "%lld", (long long)id), a, out, &found, err) != 0)
        return err->kind;
    if (!found)
        return err_set(err, ERR_NOT_FOUND, "export.not_found", "ekspor tidak ditemukan",
                       "export not found");
    return 0;
}

int pg_export_claim(struct db *db, struct arena *a, struct export_job *out, struct err *err)
{
    /* SKIP LOCKED: a job another node is claiming this instant is passed
    ** over, not waited for and then claimed twice. The claiming session is
    ** recorded for export_requeue (migration 0003). */
    static const char sql[] =
        "UPDATE export_jobs SET status = 'running', claimed_pid = pg_backend_pid(), "
        "claimed_backend = (SELECT backend_start FROM pg_stat_activity WHERE pid = "
        "pg_backend_pid()) WHERE id = (SELECT id FROM export_jobs WHERE status = 'queued' "
        "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " JOB_COLS;
    bool found = false;
    if (one_job(db, sql, NULL, a, out, &found, err) != 0)
        return err->kind;
    if (!found)
        return err_set(err, ERR_NOT_FOUND, "export.none", "tidak ada antrean", "nothing queued");
    return 0;
}

int pg_export_progress(struct db *db, int64_t id, int64_t done_rows, int64_t total,
                       struct err *err)
{
    static const char sql[] = "UPDATE export_jobs SET done_rows = $1, total = $2 WHERE id = $3";
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_int(&p, done_rows);
    pgp_int(&p, total);
    pgp_int(&p, id);
    return job_write(db, sql, &p, err);
}

int pg_export_finish(struct db *db, int64_t id, const char *status, const char *file,
                     const char *filename, const char *error, int64_t now, struct err *err)
{
    static const char sql[] = "UPDATE export_jobs SET status = $1, file = $2, filename = $3, "
                              "error = $4, finished_at = $5 WHERE id = $6";
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_text(&p, status);
    pgp_text(&p, file);
    pgp_text(&p, filename);
    pgp_text(&p, error);
    pgp_int(&p, now);
    pgp_int(&p, id);
    return job_write(db, sql, &p, err);
}

int pg_export_requeue(struct db *db, struct err *err)
{
    /* Jobs left running by a server that stopped: on SQLite every running
    ** one (one server). Here another node may be running some, so only those
    ** whose claiming session no longer exists go back. */
    static const char sql[] =
        "UPDATE export_jobs j SET status = 'queued', done_rows = 0 WHERE status = 'running' "
        "AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = j.claimed_pid "
        "AND a.backend_start = j.claimed_backend)";
    return pg_exec((struct pg_db *)db, sql, 0, NULL, NULL, err);
}

int pg_export_expire(struct db *db, int64_t before, struct arena *a, const char ***files,
                     size_t *n, struct err *err)
{
    static const char sql[] =
        "DELETE FROM export_jobs WHERE id IN (SELECT id FROM export_jobs WHERE status IN "
        "('done', 'failed') AND finished_at < $1 ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED) "
        "RETURNING file";
    const char *params[1] = {arena_printf(a, "%lld", (long long)before)};
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, 1, params, &r, err) != 0)
        return err->kind;
    size_t count = (size_t)PQntuples(r);
    const char **out = arena_alloc(a, 100 * sizeof *out);
    for (size_t i = 0; i < count && i < 100; i++)
        out[i] = pg_text(a, r, (int)i, 0);
    PQclear(r);
    *files = out;
    *n = count < 100 ? count : 100;
    return 0;
}

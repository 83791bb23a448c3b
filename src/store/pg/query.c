/* PostgreSQL driver: running statements. Static SQL is prepared once per
** connection (keyed by the string's pointer), SQL built at run time runs
** with PQexecParams; errors map to err kinds by SQLSTATE; each write marks
** its connection so the commit moves the generations and tells the other
** processes (NOTIFY loket_gen, tx.c). */
#include "store/pg/pg.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- what a statement writes ------------------------------------------ */

/* Tables whose rows caches keep (struct store's conf_generation): the list
** of the SQLite driver's on_update (store/sqlite/driver.c). */
static const char *const conf_tables[] = {
    "users",      "sessions",   "api_tokens", "settings",     "units",
    "vendors",    "categories", "calendars",  "holidays",     "sla_policies",
    "priorities", "services",   "tags",       "canned_responses",
    "partners",   "activities",
    "schedules",  "service_staff",
    "automation_rules",
    "macros",
    "webhooks", /* PostgreSQL only: webhook.c keeps its subscribers */
};

static bool is_conf_table(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof conf_tables / sizeof conf_tables[0]; i++)
        if (strlen(conf_tables[i]) == n && memcmp(conf_tables[i], name, n) == 0)
            return true;
    return false;
}

/* The next word (letters, digits, _ and .), lower-cased into w; string
** literals and quoted names are skipped. Returns the position after it. */
static const char *next_word(const char *s, char *w, size_t cap)
{
    for (;;) {
        while (*s && !(isalnum((unsigned char)*s) || *s == '_' || *s == '\'' || *s == '"'))
            s++;
        if (*s == '\'' || *s == '"') {
            char q = *s++;
            while (*s && *s != q)
                s++;
            if (*s)
                s++;
            continue;
        }
        break;
    }
    size_t n = 0;
    while (*s && (isalnum((unsigned char)*s) || *s == '_' || *s == '.')) {
        if (n + 1 < cap)
            w[n++] = (char)tolower((unsigned char)*s);
        s++;
    }
    w[n] = '\0';
    return s;
}

void pg_sql_scan(const char *sql, bool *write, bool *conf)
{
    *write = *conf = false;
    char prev[64] = "", w[64];
    const char *s = sql;
    for (;;) {
        s = next_word(s, w, sizeof w);
        if (!w[0])
            break;
        bool target = false;
        /* INSERT INTO t, DELETE FROM t, MERGE INTO t, UPDATE t (not FOR
        ** UPDATE of a locking read, not ON CONFLICT ... DO UPDATE SET) */
        if ((strcmp(w, "into") == 0 && (strcmp(prev, "insert") == 0 || strcmp(prev, "merge") == 0)) ||
            (strcmp(w, "from") == 0 && strcmp(prev, "delete") == 0)) {
            target = true;
        } else if (strcmp(w, "update") == 0 && strcmp(prev, "for") != 0 &&
                   strcmp(prev, "do") != 0 && strcmp(prev, "no") != 0 && strcmp(prev, "on") != 0 &&
                   strcmp(prev, "key") != 0) {
            *write = true;
            const char *t = next_word(s, w, sizeof w);
            if (strcmp(w, "only") == 0)
                t = next_word(t, w, sizeof w);
            const char *dot = strrchr(w, '.');
            const char *name = dot ? dot + 1 : w;
            if (is_conf_table(name, strlen(name)))
                *conf = true;
            s = t;
            prev[0] = '\0';
            continue;
        }
        if (target) {
            *write = true;
            s = next_word(s, w, sizeof w);
            const char *dot = strrchr(w, '.');
            const char *name = dot ? dot + 1 : w;
            if (is_conf_table(name, strlen(name)))
                *conf = true;
        }
        memcpy(prev, w, sizeof prev);
    }
}

/* ---- errors ------------------------------------------------------------ */

/* The first line of a libpq message, without its trailing newline. */
static void first_line(char *out, size_t cap, const char *msg)
{
    if (!msg)
        msg = "";
    size_t n = strcspn(msg, "\n");
    if (n >= cap)
        n = cap - 1;
    memcpy(out, msg, n);
    out[n] = '\0';
}

int pg_error(struct pg_db *d, const PGresult *r, struct err *err)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *cons = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : NULL;
    char msg[200];
    first_line(msg, sizeof msg, primary ? primary : PQerrorMessage(d->c));
    snprintf(d->constraint, sizeof d->constraint, "%s", cons ? cons : "");
    if (d->tx_depth)
        d->failed = true;
    if (PQstatus(d->c) != CONNECTION_OK)
        return err_set(err, ERR_UNAVAILABLE, "store.busy",
                       "koneksi ke PostgreSQL terputus: %s", "the connection to PostgreSQL was lost: %s",
                       msg);
    if (!state)
        state = "";
    if (strcmp(state, "23505") == 0 || strcmp(state, "23P01") == 0 || strcmp(state, "23503") == 0)
        return err_set(err, ERR_CONFLICT, "store.conflict", "bentrok dengan %s: %s",
                       "conflicts with %s: %s", d->constraint[0] ? d->constraint : "data lain",
                       msg);
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
        strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0 ||
        strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0)
        return err_set(err, ERR_UNAVAILABLE, "store.busy",
                       "basis data sedang sibuk, coba lagi: %s", "the database is busy, try again: %s",
                       msg);
    if (strcmp(state, "53100") == 0)
        return err_storage_full(err);
    return err_set(err, ERR_STORE, "store.error", "kesalahan basis data: %s", "database error: %s",
                   msg);
}

/* ---- running ------------------------------------------------------------ */

/* Rows a successful statement wrote, from its command tag. */
static int64_t rows_written(const PGresult *r, bool write)
{
    const char *tag = PQcmdStatus((PGresult *)r);
    if (strncmp(tag, "INSERT", 6) == 0 || strncmp(tag, "UPDATE", 6) == 0 ||
        strncmp(tag, "DELETE", 6) == 0 || strncmp(tag, "MERGE", 5) == 0)
        return strtoll(PQcmdTuples((PGresult *)r), NULL, 10);
    /* WITH x AS (UPDATE ... RETURNING) SELECT ...: the rows it returned */
    if (write && strncmp(tag, "SELECT", 6) == 0)
        return PQntuples(r);
    return 0;
}

/* A statement ran: its writes count, and outside a transaction they are
** committed now, so the generations move and other processes hear of it. */
static void wrote(struct pg_db *d, int64_t n, bool conf)
{
    if (n <= 0)
        return;
    d->writes += n;
    d->wrote = true;
    if (conf)
        d->conf_dirty = true;
    if (d->tx_depth)
        return;
    PGresult *r = PQexec(d->c, d->conf_dirty ? "NOTIFY loket_gen, 'conf'"
                                             : "NOTIFY loket_gen, 'data'");
    PQclear(r); /* lost: the write stands; the other processes see it at their next miss */
    pg_committed(d);
}

static int finish(struct pg_db *d, PGresult *r, bool write, bool conf, PGresult **out,
                  struct err *err)
{
    ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        int rc = pg_error(d, r, err);
        PQclear(r);
        if (out)
            *out = NULL;
        return rc;
    }
    wrote(d, rows_written(r, write), conf);
    if (out)
        *out = r;
    else
        PQclear(r);
    return 0;
}

/* The slot of a static SQL string in the connection's table (open
** addressing by pointer); NULL when the table is full. */
static struct pg_prep *slot(struct pg_db *d, const char *sql, bool *found)
{
    size_t h = (size_t)(((uintptr_t)sql >> 3) * 2654435761u) % PG_PREP_MAX;
    for (size_t i = 0; i < PG_PREP_MAX; i++) {
        struct pg_prep *p = &d->prep[(h + i) % PG_PREP_MAX];
        if (p->sql == sql) {
            *found = true;
            return p;
        }
        if (!p->sql) {
            *found = false;
            /* keep a quarter free so probes stay short */
            return d->n_prep < PG_PREP_MAX * 3 / 4 ? p : NULL;
        }
    }
    *found = false;
    return NULL;
}

/* ---- writes read later: pipeline mode ------------------------------------ */

/* One statement's result in pipeline mode, and the NULL that ends it; NULL
** when the connection failed. */
static PGresult *pipe_result(struct pg_db *d)
{
    PGresult *r = PQgetResult(d->c), *end;
    if (r)
        while ((end = PQgetResult(d->c)))
            PQclear(end);
    return r;
}

/* The pending writes' results, in order: their rows count as pg_q's do;
** the first error (the later ones were skipped: PIPELINE_ABORTED) is rc. */
static int read_later(struct pg_db *d, struct err *err)
{
    int rc = 0;
    for (int i = 0; i < d->n_later; i++) {
        PGresult *r = pipe_result(d);
        ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
            wrote(d, rows_written(r, d->later[i]->write), d->later[i]->conf);
        else if (rc == 0)
            rc = pg_error(d, s == PGRES_PIPELINE_ABORTED ? NULL : r, err);
        PQclear(r);
        if (!r)
            break;
    }
    d->n_later = 0;
    return rc;
}

/* After the results: the sync's, then out of pipeline mode. */
static void end_pipeline(struct pg_db *d)
{
    PGresult *r;
    while ((r = PQgetResult(d->c))) {
        bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (sync)
            break;
    }
    PQexitPipelineMode(d->c);
}

int pg_sync(struct pg_db *d, struct err *err)
{
    if (!d->n_later)
        return 0;
    struct err spare = {0};
    if (!err)
        err = &spare;
    int rc;
    if (PQpipelineSync(d->c) != 1) {
        d->n_later = 0;
        rc = pg_error(d, NULL, err);
    } else {
        rc = read_later(d, err);
    }
    end_pipeline(d);
    return rc;
}

/* A statement sent behind pending writes: one round trip reads theirs and
** its own result. name: a prepared statement's, or NULL for sql. */
static int run_piped(struct pg_db *d, const char *name, const char *sql, int n,
                     const char *const *params, bool write, bool conf, PGresult **out,
                     struct err *err)
{
    bool sent = (name ? PQsendQueryPrepared(d->c, name, n, params, NULL, NULL, 0)
                      : PQsendQueryParams(d->c, sql, n, NULL, params, NULL, NULL, 0)) == 1;
    int rc;
    PGresult *r = NULL;
    if (PQpipelineSync(d->c) != 1) {
        d->n_later = 0;
        rc = pg_error(d, NULL, err);
    } else {
        rc = read_later(d, err);
        if (sent)
            r = pipe_result(d);
    }
    end_pipeline(d);
    if (rc == 0 && !sent)
        rc = pg_error(d, NULL, err);
    if (rc != 0) { /* a pending write failed: this statement was skipped */
        PQclear(r);
        if (out)
            *out = NULL;
        return rc;
    }
    return finish(d, r, write, conf, out, err);
}

int pg_exec_later(struct pg_db *d, const char *sql, int n, const char *const *params,
                  struct err *err)
{
    bool found = false;
    struct pg_prep *p = NULL;
    if (d->rollup_tx && d->tx_depth && !d->failed && d->n_later < PG_LATER_MAX)
        p = slot(d, sql, &found);
    /* elsewhere, or its first use here (prepared as pg_q does) */
    if (!p || !found || (!d->n_later && PQenterPipelineMode(d->c) != 1))
        return pg_exec(d, sql, n, params, NULL, err);
    char name[16];
    snprintf(name, sizeof name, "s%u", (unsigned)(p - d->prep));
    if (PQsendQueryPrepared(d->c, name, n, params, NULL, NULL, 0) != 1) {
        int rc = pg_sync(d, err); /* the ones before it */
        return rc ? rc : pg_error(d, NULL, err);
    }
    d->later[d->n_later++] = p;
    return 0;
}

/* ---- statements ------------------------------------------------------------ */

int pg_q(struct pg_db *d, const char *sql, int n, const char *const *params, PGresult **out,
         struct err *err)
{
    bool found;
    struct pg_prep *p = slot(d, sql, &found);
    /* PQprepare waits for its answer: not in pipeline mode */
    if (d->n_later && (!p || !found) && pg_sync(d, err) != 0) {
        if (out)
            *out = NULL;
        return err->kind;
    }
    if (!p) /* more distinct statements than the table holds: unprepared */
        return pg_qt(d, sql, n, params, out, err);
    char name[16];
    snprintf(name, sizeof name, "s%u", (unsigned)(p - d->prep));
    if (d->n_later)
        return run_piped(d, name, sql, n, params, p->write, p->conf, out, err);
    if (!found) {
        PGresult *r = PQprepare(d->c, name, sql, 0, NULL);
        if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
            int rc = pg_error(d, r, err);
            PQclear(r);
            if (out)
                *out = NULL;
            return rc;
        }
        PQclear(r);
        p->sql = sql;
        pg_sql_scan(sql, &p->write, &p->conf);
        d->n_prep++;
    }
    PGresult *r = PQexecPrepared(d->c, name, n, params, NULL, NULL, 0);
    return finish(d, r, p->write, p->conf, out, err);
}

int pg_qt(struct pg_db *d, const char *sql, int n, const char *const *params, PGresult **out,
          struct err *err)
{
    bool write, conf;
    pg_sql_scan(sql, &write, &conf);
    if (d->n_later)
        return run_piped(d, NULL, sql, n, params, write, conf, out, err);
    PGresult *r = PQexecParams(d->c, sql, n, NULL, params, NULL, NULL, 0);
    return finish(d, r, write, conf, out, err);
}

int pg_exec(struct pg_db *d, const char *sql, int n, const char *const *params, int64_t *changed,
            struct err *err)
{
    PGresult *r;
    int rc = pg_q(d, sql, n, params, &r, err);
    if (rc != 0)
        return rc;
    if (changed) {
        const char *t = PQcmdTuples(r);
        *changed = *t ? strtoll(t, NULL, 10) : 0;
    }
    PQclear(r);
    return 0;
}

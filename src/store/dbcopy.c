/* `loket migrate-db`'s whole copy (store/dbcopy.h): which tables, resuming
** from the marker, streaming the source's lines into COPY in large
** buffers, then the verification: per table the row count and a checksum
** over the COPY text lines of both sides (the same function over both
** drivers' rows). The checksum is a sum of per-line 64-bit hashes, so it
** does not depend on the order either database returns the rows in. */
#include "store/dbcopy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BUF_MAX = 256 * 1024, PROGRESS_EVERY = 5000 };

/* FNV-1a, then a final mix so sums of similar lines stay apart */
static uint64_t line_hash(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

struct sum {
    int64_t rows;
    uint64_t sum;
};

static int sum_line(void *ctx, const char *line, size_t len, struct err *err)
{
    (void)err;
    struct sum *s = ctx;
    s->rows++;
    s->sum += line_hash(line, len);
    return 0;
}

struct pump {
    struct dbcopy_dst *dst;
    const struct dbcopy_opts *o;
    struct dbcopy_progress pr;
    char *buf;
    size_t n;
    struct sum sum;
};

static int pump_line(void *ctx, const char *line, size_t len, struct err *err)
{
    struct pump *p = ctx;
    sum_line(&p->sum, line, len, err);
    p->pr.done++;
    p->pr.all_done++;
    if (p->o->progress && p->pr.done % PROGRESS_EVERY == 0)
        p->o->progress(&p->pr);
    if (p->n + len > BUF_MAX) {
        if (dbcopy_dst_put(p->dst, p->buf, p->n, err) != 0)
            return err->kind;
        p->n = 0;
    }
    if (len > BUF_MAX) /* one huge row (an inline blob): send it alone */
        return dbcopy_dst_put(p->dst, line, len, err);
    memcpy(p->buf + p->n, line, len);
    p->n += len;
    return 0;
}

int dbcopy_run(const struct dbcopy_opts *o, int *tables_copied, int *was_complete,
               struct err *err)
{
    struct dbcopy_src *src = NULL;
    struct dbcopy_dst *dst = NULL;
    struct dbcopy_table *t = NULL;
    int n = 0, rc;
    int64_t *count = NULL, *seq = NULL;
    char *buf = NULL;
    *tables_copied = *was_complete = 0;
    if ((rc = dbcopy_src_open(o->from, &src, err)) != 0)
        return rc;
    if ((rc = dbcopy_dst_open(o->to, &dst, err)) != 0 ||
        (rc = dbcopy_dst_tables(dst, &t, &n, err)) != 0)
        goto out;
    const char *id = dbcopy_src_identity(src);
    count = calloc((size_t)n + 1, sizeof *count);
    seq = calloc((size_t)n + 1, sizeof *seq);
    int64_t all = 0;
    for (int i = 0; i < n; i++) {
        /* columns only PostgreSQL has (export_jobs' claim of 0003) keep
        ** their defaults; a column only SQLite has would be lost: refused */
        int kept = 0, had = t[i].ncols;
        for (int k = 0; k < had; k++) {
            if (dbcopy_src_has(src, t[i].name, t[i].cols[k]))
                t[i].cols[kept++] = t[i].cols[k];
            else
                free(t[i].cols[k]);
        }
        t[i].ncols = kept;
        if (!kept || dbcopy_src_ncols(src, t[i].name) != kept) {
            rc = err_set(err, ERR_CONFLICT, "migrate.schema",
                         "tabel %s di sumber tidak sama dengan PostgreSQL: migrasikan SQLite dulu"
                         " (loket init dengan versi ini)",
                         "table %s of the source differs from PostgreSQL's: migrate the SQLite"
                         " database first (loket init with this version)",
                         t[i].name);
            goto out;
        }
        if ((count[i] = dbcopy_src_count(src, t[i].name, err)) < 0) {
            rc = err->kind;
            goto out;
        }
        seq[i] = dbcopy_src_seq(src, t[i].name);
        all += count[i];
    }

    char source[512], state[32];
    if ((rc = dbcopy_dst_marker(dst, source, sizeof source, state, sizeof state, err)) != 0)
        goto out;
    if (source[0] && strcmp(source, id) != 0) {
        rc = err_set(err, ERR_CONFLICT, "migrate.other_source",
                     "database tujuan memuat salinan instalasi lain (%s): tidak diubah",
                     "the target database holds a copy of another installation (%s):"
                     " refused, nothing changed",
                     source);
        goto out;
    }
    if (!source[0]) {
        const char *foreign = dbcopy_dst_foreign(dst, err);
        if (err->code[0]) {
            rc = err->kind;
            goto out;
        }
        if (foreign) {
            rc = err_set(err, ERR_CONFLICT, "migrate.not_empty",
                         "database tujuan sudah berisi data (tabel %s) yang bukan salinan"
                         " instalasi ini: tidak diubah",
                         "the target database already holds data (table %s) that is not a copy"
                         " of this installation: refused, nothing changed",
                         foreign);
            goto out;
        }
        if ((rc = dbcopy_dst_start(dst, id, t, n, err)) != 0)
            goto out;
    }
    *was_complete = strcmp(state, "complete") == 0;

    struct dbcopy_progress pr = {.all_total = all, .phase = "copy"};
    if (!*was_complete) {
        buf = malloc(BUF_MAX);
        for (int i = 0; i < n; i++) {
            pr.table = t[i].name;
            pr.done = 0;
            pr.total = count[i];
            rc = dbcopy_dst_done(dst, id, t[i].name, err);
            if (rc < 0)
                goto out;
            if (rc == 1) { /* copied by an earlier run */
                pr.done = count[i];
                pr.all_done += count[i];
                rc = 0;
                if (o->progress)
                    o->progress(&pr);
                continue;
            }
            if (o->stop_after && *tables_copied >= o->stop_after) {
                fprintf(stderr, "loket migrate-db: stopping as LOKET_MIGRATE_STOP_AFTER asks\n");
                exit(3);
            }
            struct pump p = {.dst = dst, .o = o, .pr = pr, .buf = buf};
            if ((rc = dbcopy_dst_begin(dst, &t[i], err)) != 0)
                goto out;
            rc = dbcopy_src_rows(src, t[i].name, t[i].cols, t[i].ncols, pump_line, &p, err);
            if (rc == 0 && p.n)
                rc = dbcopy_dst_put(dst, p.buf, p.n, err);
            if (rc != 0) {
                /* ends the COPY and rolls the table back */
                struct err e2 = {0};
                dbcopy_dst_end(dst, id, &t[i], -1, &e2);
                goto out;
            }
            if ((rc = dbcopy_dst_end(dst, id, &t[i], p.sum.rows, err)) != 0)
                goto out;
            pr = p.pr;
            (*tables_copied)++;
            if (o->progress)
                o->progress(&pr);
        }
        pr.phase = "search";
        pr.table = "ticket_search";
        if (o->progress)
            o->progress(&pr);
        if ((rc = dbcopy_dst_finish(dst, id, t, n, seq, err)) != 0)
            goto out;
    }

    /* verification: both sides' rows through the same function */
    char bad[200] = "";
    pr.phase = "verify";
    for (int i = 0; i < n; i++) {
        struct sum a = {0}, b = {0};
        pr.table = t[i].name;
        if (o->progress)
            o->progress(&pr);
        if ((rc = dbcopy_src_rows(src, t[i].name, t[i].cols, t[i].ncols, sum_line, &a, err)) !=
                0 ||
            (rc = dbcopy_dst_rows(dst, &t[i], sum_line, &b, err)) != 0)
            goto out;
        int ok = a.rows == b.rows && a.sum == b.sum;
        if (o->verified)
            o->verified(t[i].name, a.rows, b.rows, a.sum, b.sum, ok ? "ok" : "MISMATCH");
        if (!ok && strlen(bad) + strlen(t[i].name) + 3 < sizeof bad)
            snprintf(bad + strlen(bad), sizeof bad - strlen(bad), "%s%s", bad[0] ? ", " : "",
                     t[i].name);
    }
    if (bad[0])
        rc = err_set(err, ERR_STORE, "migrate.mismatch",
                     "verifikasi gagal: tabel %s berbeda", "verification failed: table(s) %s differ",
                     bad);
out:
    free(buf);
    free(count);
    free(seq);
    dbcopy_dst_close(dst);
    dbcopy_src_close(src);
    return rc;
}

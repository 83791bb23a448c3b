/* The runners of store/pg/write.h. */
#include "store/pg/write.h"
#include "core/arena.h"

#include <stdio.h>

int pg_run(struct pg_db *d, const char *sql, struct pg_params *p, int64_t *changed,
           struct err *err)
{
    int rc = pg_exec(d, sql, p->n, p->v, changed, err);
    arena_free(p->a);
    return rc;
}

int pg_save_row(struct pg_db *d, const char *sql, struct pg_params *p, int64_t *id,
                struct err *err)
{
    PGresult *r = NULL;
    int rc = pg_q(d, sql, p->n, p->v, &r, err);
    arena_free(p->a);
    if (rc != 0)
        return rc;
    bool row = PQntuples(r) > 0;
    if (row && !*id)
        *id = pg_first_int(r);
    PQclear(r);
    return row ? 0 : 1;
}

int pg_by_id(struct pg_db *d, const char *sql, int64_t id, PGresult **r, struct err *err)
{
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    const char *params[] = {idt};
    *r = NULL;
    if (pg_q(d, sql, 1, params, r, err) != 0)
        return err->kind;
    if (PQntuples(*r) > 0)
        return 0;
    PQclear(*r);
    *r = NULL;
    return 1;
}

int pg_onetime_put(struct db *db, const char *sql, int64_t user_id, const unsigned char *hash,
                   size_t len, int64_t expires_at, int64_t now, struct err *err)
{
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_int(&p, user_id);
    pgp_bytea(&p, hash, len);
    pgp_int(&p, expires_at);
    pgp_int(&p, now);
    return pg_run((struct pg_db *)db, sql, &p, NULL, err);
}

int pg_onetime_take(struct db *db, const char *sql, const unsigned char *hash, size_t len,
                    int64_t now, int64_t *user_id, struct err *err)
{
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_bytea(&p, hash, len);
    pgp_int(&p, now);
    *user_id = 0;
    int rc = pg_save_row((struct pg_db *)db, sql, &p, user_id, err);
    return rc < 0 ? rc : 0;
}

/* PostgreSQL: OpenID Connect sign-ins started and identities linked to
** users (the oidc table of store/oidc_store.h), a port of
** store/sqlite/oidc.c. A started sign-in is taken by one DELETE ...
** RETURNING, so a callback replayed on another node finds nothing. */
#include "store/oidc_store.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "store/pg/ops.h"
#include "store/pg/write.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int pg_oidc_pending_put(struct db *db, const unsigned char state[OIDC_HASH_BYTES],
                               const unsigned char browser[OIDC_HASH_BYTES], const char *nonce,
                               const char *verifier, int64_t expires_at, int64_t now,
                               struct err *err)
{
    static const char gc[] = "DELETE FROM oidc_pending WHERE expires_at < $1";
    static const char ins[] =
        "INSERT INTO oidc_pending (state_hash, browser, nonce, verifier, expires_at)"
        " VALUES ($1, $2, $3, $4, $5)";
    struct pg_db *d = (struct pg_db *)db;
    char nowt[24];
    snprintf(nowt, sizeof nowt, "%lld", (long long)now);
    const char *gc_params[] = {nowt};
    if (pg_exec(d, gc, 1, gc_params, NULL, err) != 0)
        return err->kind;
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_bytea(&p, state, OIDC_HASH_BYTES);
    pgp_bytea(&p, browser, OIDC_HASH_BYTES);
    pgp_text(&p, nonce);
    pgp_text(&p, verifier);
    pgp_int(&p, expires_at);
    return pg_run(d, ins, &p, NULL, err);
}

static int pg_oidc_pending_take(struct db *db, const unsigned char state[OIDC_HASH_BYTES],
                                int64_t now, struct arena *a, struct oidc_pending *out,
                                struct err *err)
{
    static const char sql[] = "DELETE FROM oidc_pending WHERE state_hash = $1"
                              " RETURNING browser, nonce, verifier, expires_at";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_bytea(&p, state, OIDC_HASH_BYTES);
    PGresult *r = NULL;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    bool found = false;
    if (PQntuples(r) > 0 && pg_int(r, 0, 3) >= now) {
        unsigned char *browser = NULL;
        if (pg_bytea(a, r, 0, 0, &browser) == OIDC_HASH_BYTES) {
            memcpy(out->browser, browser, OIDC_HASH_BYTES);
            out->nonce = pg_text(a, r, 0, 1);
            out->verifier = pg_text(a, r, 0, 2);
            found = true;
        }
    }
    PQclear(r);
    if (!found)
        return err_set(err, ERR_NOT_FOUND, "oidc.state",
                       "permintaan masuk tidak dikenal atau kedaluwarsa; mulai lagi",
                       "unknown or expired sign-in request; start again");
    return 0;
}

/* The first two columns (id, active) of sql's row with text $1 (0 when none). */
static int lookup_id(struct pg_db *d, const char *sql, int n, const char *const *params,
                     int64_t *id, bool *active, struct err *err)
{
    PGresult *r = NULL;
    *id = 0;
    *active = false;
    if (pg_q(d, sql, n, params, &r, err) != 0)
        return err->kind;
    if (PQntuples(r) > 0) {
        *id = pg_int(r, 0, 0);
        *active = pg_int(r, 0, 1) != 0;
    }
    PQclear(r);
    return 0;
}

static int email_taken(struct err *err)
{
    return err_set(err, ERR_CONFLICT, "oidc.email_taken",
                   "email dari direktori sudah dipakai akun lain; hubungi admin",
                   "the directory's email belongs to another account; contact the administrator");
}

static int pg_oidc_user_sync(struct db *db, const struct oidc_user *u, int64_t *user_id,
                             bool *active, struct err *err)
{
    static const char by_link[] =
        "SELECT u.id, u.active FROM user_identities i JOIN users u ON u.id = i.user_id"
        " WHERE i.provider = $1 AND i.subject = $2";
    static const char by_email[] = "SELECT id, active FROM users WHERE lower(email) = lower($1)";
    static const char by_ldap[] = "SELECT id, active FROM users WHERE lower(email) = lower($1)"
                                  " AND auth_source = 'ldap'";
    static const char upd[] =
        "UPDATE users SET name = $1, email = $2, role = $3, tier = $4, unit_id = $5,"
        " updated_at = $6, auth_source = 'oidc', external_id = $7 WHERE id = $8 RETURNING id";
    static const char ins[] =
        "INSERT INTO users (name, email, role, tier, unit_id, created_at,"
        " updated_at, active, auth_source, external_id)"
        " VALUES ($1, $2, $3, $4, $5, $6, $6, 1, 'oidc', $7) RETURNING id";
    static const char link[] =
        "INSERT INTO user_identities (provider, subject, user_id, created_at, last_login)"
        " VALUES ($1, $2, $3, $4, $4) ON CONFLICT (provider, subject)"
        " DO UPDATE SET last_login = excluded.last_login";
    struct pg_db *d = (struct pg_db *)db;
    char now[32];
    time_fmt_iso(now, sizeof now, time(NULL));
    int64_t id, other;
    bool other_active;
    const char *ps[] = {u->provider, u->subject};
    const char *pe[] = {u->email};
    if (lookup_id(d, by_link, 2, ps, &id, active, err) != 0 ||
        lookup_id(d, by_email, 1, pe, &other, &other_active, err) != 0)
        return err->kind;
    if (!id && other) {
        /* an LDAP account stays the LDAP sign-in's (svc/directory_login.c
        ** finds it by its DN): linking it here would take it over */
        int64_t ldap_id;
        bool ldap_active;
        if (lookup_id(d, by_ldap, 1, pe, &ldap_id, &ldap_active, err) != 0)
            return err->kind;
        if (!u->link_email || ldap_id)
            return email_taken(err);
        id = other;
        *active = other_active;
    } else if (id && other && other != id) {
        return email_taken(err);
    }
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_text(&p, u->name);
    pgp_text(&p, u->email);
    pgp_text(&p, u->role);
    pgp_id(&p, u->tier);
    pgp_id(&p, u->unit_id);
    pgp_text(&p, now);
    pgp_text(&p, u->subject); /* the account source the users list shows */
    if (id)
        pgp_int(&p, id);
    else
        *active = true;
    int rc = pg_save_row(d, id ? upd : ins, &p, &id, err);
    if (rc < 0)
        return rc;
    pgp_init(&p, arena_new());
    pgp_text(&p, u->provider);
    pgp_text(&p, u->subject);
    pgp_int(&p, id);
    pgp_text(&p, now);
    if ((rc = pg_run(d, link, &p, NULL, err)) != 0)
        return rc;
    *user_id = id;
    return 0;
}

/* ---- the driver's table ---- */

const struct store_oidc_ops pg_oidc_ops = {
    .oidc_pending_put = pg_oidc_pending_put,
    .oidc_pending_take = pg_oidc_pending_take,
    .oidc_user_sync = pg_oidc_user_sync,
};

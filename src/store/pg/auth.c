/* PostgreSQL: users as authentication sees them, sessions, API tokens and
** sign-in throttling (the auth table), a port of the SQL of
** store/sqlite/auth.c. Sessions, tokens and throttling counters live in the
** database, so every node sees the same ones. */
#include "store/pg/ops.h"
#include "store/pg/write.h"
#include "core/arena.h"
#include "core/timefmt.h"

#include <stdlib.h>
#include <string.h>

#define EPOCH_NOW "floor(extract(epoch FROM now()))::bigint"

/* Column 11 is the vendor's sees_internal switch (migration 0013), read
** with the user so the permission rule has it at hand; 12 the partner
** admin flag (migration 0016). */
#define USER_COLS "u.id, u.role, u.tier, u.unit_id, u.vendor_id, u.active, u.name, " \
                  "u.email, u.nip, u.locale, u.password_hash, " \
                  "coalesce((SELECT v.sees_internal FROM vendors v WHERE v.id = u.vendor_id), 0), " \
                  "u.partner_admin"
#define USER_NCOLS 13

static void read_user(const PGresult *r, struct arena *a, struct user_auth *u)
{
    memset(u, 0, sizeof *u);
    u->p.id = pg_int(r, 0, 0);
    if (role_parse(pg_raw(r, 0, 1), &u->p.role) != 0)
        u->p.role = ROLE_REQUESTER;
    u->p.tier = (int)pg_int(r, 0, 2);
    u->p.unit_id = pg_int(r, 0, 3);
    u->p.vendor_id = pg_int(r, 0, 4);
    u->p.active = pg_int(r, 0, 5) != 0;
    u->name = pg_text(a, r, 0, 6);
    u->email = pg_text(a, r, 0, 7);
    u->nip = pg_text(a, r, 0, 8);
    u->locale = pg_text(a, r, 0, 9);
    u->password_hash = pg_text(a, r, 0, 10);
    u->p.vendor_sees_internal = pg_int(r, 0, 11) != 0;
    u->p.partner_admin = pg_int(r, 0, 12) != 0;
}

static int user_not_found(struct err *err)
{
    return err_set(err, ERR_NOT_FOUND, "user.not_found", "pengguna tidak ditemukan",
                   "user not found");
}

/* The user of sql's first row (USER_COLS first): 0 with *r keeping the row
** for the columns after them (the caller PQclear()s it), 1 when there is
** no row, or a negative err_kind. */
static int one_user(struct pg_db *d, const char *sql, const struct pg_params *p,
                    struct arena *a, struct user_auth *out, PGresult **r, struct err *err)
{
    *r = NULL;
    if (pg_q(d, sql, p->n, p->v, r, err) != 0)
        return err->kind;
    if (PQntuples(*r) == 0) {
        PQclear(*r);
        *r = NULL;
        return 1;
    }
    read_user(*r, a, out);
    return 0;
}

/* one_user by a session's or token's hash ($1) still live at now ($2). */
static int user_by_hash(struct db *db, const char *sql, const unsigned char *hash, int64_t now,
                        struct arena *a, struct user_auth *out, PGresult **r, struct err *err)
{
    struct pg_params p;
    pgp_init(&p, a);
    pgp_bytea(&p, hash, STORE_HASH_LEN);
    pgp_int(&p, now);
    return one_user((struct pg_db *)db, sql, &p, a, out, r, err);
}

static int pg_user_by_login(struct db *db, const char *login, struct arena *a,
                            struct user_auth *out, struct err *err)
{
    /* the email without regard to case (SQLite's NOCASE), the NIP exactly */
    static const char sql[] = "SELECT " USER_COLS " FROM users u "
                              "WHERE lower(u.email) = lower($1) OR u.nip = $1";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, login);
    PGresult *r;
    int rc = one_user((struct pg_db *)db, sql, &p, a, out, &r, err);
    PQclear(r);
    return rc > 0 ? user_not_found(err) : rc;
}

/* The group-commit writer asks for the requester of every ticket it files
** (the acknowledgement's recipient, svc/notify.c): one round trip per
** creation. Its connection keeps the users it read lately while the
** store's conf_generation stands (users and vendors are among its tables)
** and for at most two seconds, as the record cache does (rcache.c); only
** inside the writer's batches, and never in a transaction that wrote
** master data itself. */
enum { UC_SLOTS = 16 };
#define UC_TTL_NS 2000000000ULL

struct pg_users {
    uint64_t gen, born_ns;
    struct arena *arena; /* the kept strings */
    unsigned used;
    struct user_auth u[UC_SLOTS];
};

static bool users_valid(const struct pg_db *d, uint64_t gen)
{
    const struct pg_users *c = d->users;
    return c && c->gen == gen && time_mono_ns() - c->born_ns <= UC_TTL_NS;
}

static char *dup_or_null(struct arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

static void user_copy(struct arena *a, const struct user_auth *from, struct user_auth *to)
{
    *to = *from;
    to->name = dup_or_null(a, from->name);
    to->email = dup_or_null(a, from->email);
    to->nip = dup_or_null(a, from->nip);
    to->locale = dup_or_null(a, from->locale);
    to->password_hash = dup_or_null(a, from->password_hash);
}

static void users_keep(struct pg_db *d, uint64_t gen, const struct user_auth *u)
{
    if (!d->users && !(d->users = calloc(1, sizeof *d->users)))
        return;
    struct pg_users *c = d->users;
    if (!users_valid(d, gen) || c->used == UC_SLOTS) {
        if (c->arena)
            arena_free(c->arena);
        c->arena = arena_new();
        c->used = 0;
        c->gen = gen;
        c->born_ns = time_mono_ns();
    }
    user_copy(c->arena, u, &c->u[c->used++]);
}

void pg_users_free(struct pg_db *d)
{
    if (!d->users)
        return;
    if (d->users->arena)
        arena_free(d->users->arena);
    free(d->users);
    d->users = NULL;
}

static int pg_user_by_id(struct db *db, int64_t id, struct arena *a, struct user_auth *out,
                         struct err *err)
{
    static const char sql[] = "SELECT " USER_COLS " FROM users u WHERE u.id = $1";
    struct pg_db *d = (struct pg_db *)db;
    bool cache = d->rollup_tx && d->tx_depth && !d->conf_dirty;
    uint64_t gen = store_conf_generation(db->st); /* before the read: see webhook.c */
    if (cache && users_valid(d, gen))
        for (unsigned i = 0; i < d->users->used; i++)
            if (d->users->u[i].p.id == id) {
                user_copy(a, &d->users->u[i], out);
                return 0;
            }
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    PGresult *r;
    int rc = one_user(d, sql, &p, a, out, &r, err);
    PQclear(r);
    if (rc == 0 && cache)
        users_keep(d, gen, out);
    return rc > 0 ? user_not_found(err) : rc;
}

static int pg_user_revoke_access(struct db *db, int64_t user_id, const unsigned char *keep,
                                 struct err *err)
{
    /* A new password ends every other open session of that user and every
    ** API token: whoever knew the old one keeps nothing. */
    static const char sql_sessions[] =
        "DELETE FROM sessions WHERE user_id = $1 AND ($2::bytea IS NULL OR token_hash <> $2)";
    static const char sql_tokens[] =
        "UPDATE api_tokens SET revoked = 1 WHERE user_id = $1 AND revoked = 0";
    struct pg_db *d = (struct pg_db *)db;
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_int(&p, user_id);
    if (keep)
        pgp_bytea(&p, keep, STORE_HASH_LEN);
    else
        pgp_null(&p);
    if (pg_exec(d, sql_sessions, 2, p.v, NULL, err) != 0) {
        arena_free(p.a);
        return err->kind;
    }
    p.n = 1; /* the user id alone */
    return pg_run(d, sql_tokens, &p, NULL, err);
}

static int pg_user_set_password(struct db *db, int64_t id, const char *hash, struct err *err)
{
    static const char sql[] =
        "UPDATE users SET password_hash = $1, "
        "updated_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
        "WHERE id = $2";
    struct pg_db *d = (struct pg_db *)db;
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_text(&p, hash);
    pgp_int(&p, id);
    int64_t changed = 0;
    int rc = pg_run(d, sql, &p, &changed, err);
    if (rc != 0)
        return rc;
    if (changed == 0)
        return user_not_found(err);
    return pg_user_revoke_access(db, id, NULL, err);
}

static int pg_user_rehash(struct db *db, int64_t id, const char *old_hash, const char *hash,
                          struct err *err)
{
    static const char sql[] =
        "UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2";
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_int(&p, id);
    pgp_text(&p, old_hash);
    pgp_text(&p, hash);
    return pg_run((struct pg_db *)db, sql, &p, NULL, err);
}

static int pg_session_create(struct db *db, int64_t user_id, const unsigned char *hash,
                             const char *csrf, int64_t expires_at, const char *ip,
                             struct err *err)
{
    static const char sql[] =
        "INSERT INTO sessions (token_hash, user_id, csrf_token, ip, created_at, expires_at) "
        "VALUES ($1, $2, $3, $4, " EPOCH_NOW ", $5)";
    static const char sql_gc[] = "DELETE FROM sessions WHERE expires_at < " EPOCH_NOW;
    struct pg_db *d = (struct pg_db *)db;
    if (pg_exec(d, sql_gc, 0, NULL, NULL, err) != 0)
        return err->kind;
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_bytea(&p, hash, STORE_HASH_LEN);
    pgp_int(&p, user_id);
    pgp_text(&p, csrf);
    pgp_text(&p, ip);
    pgp_int(&p, expires_at);
    return pg_run(d, sql, &p, NULL, err);
}

static int pg_session_lookup(struct db *db, const unsigned char *hash, int64_t now,
                             struct arena *a, struct session_row *out, struct err *err)
{
    static const char sql[] = "SELECT " USER_COLS ", s.csrf_token, s.expires_at "
                              "FROM sessions s JOIN users u ON u.id = s.user_id "
                              "WHERE s.token_hash = $1 AND s.expires_at > $2";
    PGresult *r;
    int rc = user_by_hash(db, sql, hash, now, a, &out->user, &r, err);
    if (rc > 0)
        return err_set(err, ERR_UNAUTHENTICATED, "auth.session_expired",
                       "sesi berakhir, silakan masuk lagi", "session expired, please log in");
    if (rc < 0)
        return rc;
    out->csrf_token = pg_text(a, r, 0, USER_NCOLS);
    out->expires_at = pg_int(r, 0, USER_NCOLS + 1);
    PQclear(r);
    return 0;
}

static int pg_session_delete(struct db *db, const unsigned char *hash, struct err *err)
{
    static const char sql[] = "DELETE FROM sessions WHERE token_hash = $1";
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_bytea(&p, hash, STORE_HASH_LEN);
    return pg_run((struct pg_db *)db, sql, &p, NULL, err);
}

static int pg_token_create(struct db *db, int64_t user_id, const char *name,
                           const unsigned char *hash, int64_t expires_at, int64_t *id,
                           struct err *err)
{
    static const char sql[] =
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) "
        "VALUES ($1, $2, $3, " EPOCH_NOW ", $4) RETURNING id";
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_int(&p, user_id);
    pgp_text(&p, name);
    pgp_bytea(&p, hash, STORE_HASH_LEN);
    pgp_id(&p, expires_at); /* 0: never */
    *id = 0;
    int rc = pg_save_row((struct pg_db *)db, sql, &p, id, err);
    return rc < 0 ? rc : 0;
}

static int pg_token_lookup(struct db *db, const unsigned char *hash, int64_t now,
                           struct arena *a, struct user_auth *out, int64_t *expires_at,
                           struct err *err)
{
    static const char sql[] = "SELECT " USER_COLS ", coalesce(t.expires_at, 0) FROM api_tokens t "
                              "JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 "
                              "AND t.revoked = 0 AND (t.expires_at IS NULL OR t.expires_at > $2)";
    PGresult *r;
    int rc = user_by_hash(db, sql, hash, now, a, out, &r, err);
    if (rc > 0)
        return err_set(err, ERR_UNAUTHENTICATED, "auth.bad_token", "token API tidak valid",
                       "invalid API token");
    if (rc < 0)
        return rc;
    *expires_at = pg_int(r, 0, USER_NCOLS);
    PQclear(r);
    return 0;
}

static int pg_token_list(struct db *db, int64_t user_id, struct arena *a,
                         struct token_row **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT id, name, created_at, coalesce(expires_at, 0) FROM api_tokens "
        "WHERE user_id = $1 AND revoked = 0 ORDER BY id";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, user_id);
    PGresult *r = NULL;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    int rows = PQntuples(r);
    struct token_row *out = arena_alloc(a, (size_t)(rows ? rows : 1) * sizeof *out);
    for (int i = 0; i < rows; i++) {
        out[i].id = pg_int(r, i, 0);
        out[i].name = pg_text(a, r, i, 1);
        out[i].created_at = pg_int(r, i, 2);
        out[i].expires_at = pg_int(r, i, 3);
    }
    PQclear(r);
    *items = out;
    *n = (size_t)rows;
    return 0;
}

static int pg_token_revoke(struct db *db, int64_t user_id, int64_t id, struct err *err)
{
    static const char sql[] =
        "UPDATE api_tokens SET revoked = 1 WHERE id = $1 AND user_id = $2 AND revoked = 0";
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_int(&p, id);
    pgp_int(&p, user_id);
    int64_t changed = 0;
    int rc = pg_run((struct pg_db *)db, sql, &p, &changed, err);
    if (rc != 0)
        return rc;
    if (changed == 0)
        return err_set(err, ERR_NOT_FOUND, "token.not_found", "token tidak ditemukan",
                       "token not found");
    return 0;
}

static int pg_login_throttle_get(struct db *db, const char *account, const char *address,
                                 struct login_throttle *out, struct err *err)
{
    static const char sql[] = "SELECT failures, last_failure_at, blocked_until "
                              "FROM login_throttle WHERE account = $1 AND address = $2";
    /* issue #19: inside a transaction (a failure being counted: read, then
    ** set) the pair is locked first, so two nodes counting failures of one
    ** pair at once add up instead of both writing n + 1, also without the
    ** write lock (LOKET_PG_SERIAL_WRITES=0) and when the row is not there
    ** yet. Its own statement: the read's snapshot is taken after the wait. */
    static const char lock[] =
        "SELECT pg_advisory_xact_lock(1819244404, hashtext($1 || ' ' || $2))";
    const char *params[] = {account, address};
    struct pg_db *d = (struct pg_db *)db;
    PGresult *r = NULL;
    memset(out, 0, sizeof *out);
    if ((d->tx_depth > 0 && pg_q(d, lock, 2, params, NULL, err) != 0) ||
        pg_q(d, sql, 2, params, &r, err) != 0)
        return err->kind;
    if (PQntuples(r) > 0) {
        out->failures = pg_int(r, 0, 0);
        out->last_failure_at = pg_int(r, 0, 1);
        out->blocked_until = pg_int(r, 0, 2);
    }
    PQclear(r);
    return 0;
}

static int pg_login_throttle_set(struct db *db, const char *account, const char *address,
                                 const struct login_throttle *t, struct err *err)
{
    static const char sql_gc[] = "DELETE FROM login_throttle "
                                 "WHERE last_failure_at < $1::bigint - 86400 AND blocked_until < $1";
    /* one statement: two nodes counting failures of one pair never lose a row */
    static const char sql[] =
        "INSERT INTO login_throttle (account, address, failures, last_failure_at, blocked_until) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account, address) DO UPDATE SET "
        "failures = excluded.failures, last_failure_at = excluded.last_failure_at, "
        "blocked_until = excluded.blocked_until";
    struct pg_db *d = (struct pg_db *)db;
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_text(&p, account);
    pgp_text(&p, address);
    pgp_int(&p, t->failures);
    pgp_int(&p, t->last_failure_at);
    pgp_int(&p, t->blocked_until);
    if (pg_exec(d, sql_gc, 1, p.v + 3, NULL, err) != 0) {
        arena_free(p.a);
        return err->kind;
    }
    return pg_run(d, sql, &p, NULL, err);
}

static int pg_login_throttle_clear(struct db *db, const char *account, const char *address,
                                   struct err *err)
{
    static const char sql[] = "DELETE FROM login_throttle WHERE account = $1 AND address = $2";
    const char *params[] = {account, address};
    return pg_exec((struct pg_db *)db, sql, 2, params, NULL, err);
}

/* ---- the driver's table ---- */

const struct store_auth_ops pg_auth_ops = {
    .user_by_login = pg_user_by_login,
    .user_by_id = pg_user_by_id,
    .user_set_password = pg_user_set_password,
    .user_revoke_access = pg_user_revoke_access,
    .user_rehash = pg_user_rehash,
    .session_create = pg_session_create,
    .session_lookup = pg_session_lookup,
    .session_delete = pg_session_delete,
    .token_create = pg_token_create,
    .token_lookup = pg_token_lookup,
    .token_list = pg_token_list,
    .token_revoke = pg_token_revoke,
    .login_throttle_get = pg_login_throttle_get,
    .login_throttle_set = pg_login_throttle_set,
    .login_throttle_clear = pg_login_throttle_clear,
};

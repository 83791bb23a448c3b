/* PostgreSQL: self sign-up accounts and their one mailed token (the signup
** table of store/signup.h), a port of store/sqlite/signup.c. A token is
** used by one DELETE ... RETURNING, so two nodes verifying the same link at
** once activate the account once. */
#include "store/signup.h"
#include "core/timefmt.h"
#include "store/pg/ops.h"
#include "store/pg/write.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int pg_signup_lookup(struct db *db, const char *email, int64_t *id, bool *pending,
                            struct err *err)
{
    static const char sql[] =
        "SELECT u.id, p.user_id IS NOT NULL FROM users u"
        " LEFT JOIN signup_pending p ON p.user_id = u.id WHERE lower(u.email) = lower($1)";
    const char *params[] = {email};
    PGresult *r = NULL;
    *id = 0;
    *pending = false;
    if (pg_q((struct pg_db *)db, sql, 1, params, &r, err) != 0)
        return err->kind;
    if (PQntuples(r) > 0) {
        *id = pg_int(r, 0, 0);
        *pending = strcmp(pg_raw(r, 0, 1), "t") == 0;
    }
    PQclear(r);
    return 0;
}

/* Writes name, hash and locale with sql ($1 name, $2 hash, $3 locale, $4
** now, $5 the email or the id); *id gets the first column of its row. */
static int user_write(struct db *db, const char *sql, const char *name, const char *hash,
                      const char *locale, const char *email, int64_t id, int64_t *out,
                      struct err *err)
{
    char now[32], idt[24];
    time_fmt_iso(now, sizeof now, time(NULL));
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    const char *params[] = {name, hash, locale, now, email ? email : idt};
    PGresult *r = NULL;
    if (pg_q((struct pg_db *)db, sql, 5, params, &r, err) != 0)
        return err->kind;
    if (out)
        *out = pg_first_int(r);
    PQclear(r);
    return 0;
}

static int pg_signup_user_add(struct db *db, const char *name, const char *email,
                              const char *hash, const char *locale, int64_t *id,
                              struct err *err)
{
    static const char sql[] =
        "INSERT INTO users (name, password_hash, locale, created_at, updated_at, email, role,"
        " active) VALUES ($1, $2, $3, $4, $4, $5, 'requester', 0) RETURNING id";
    *id = 0;
    return user_write(db, sql, name, hash, locale, email, 0, id, err);
}

static int pg_signup_user_renew(struct db *db, int64_t id, const char *name, const char *hash,
                                const char *locale, struct err *err)
{
    static const char sql[] =
        "UPDATE users SET name = $1, password_hash = $2, locale = $3, updated_at = $4"
        " WHERE id = $5 AND active = 0";
    return user_write(db, sql, name, hash, locale, NULL, id, NULL, err);
}

static int pg_signup_token_set(struct db *db, int64_t user_id, const unsigned char *hash,
                               size_t len, int64_t expires_at, int64_t now, struct err *err)
{
    static const char sql[] =
        "INSERT INTO signup_pending (user_id, token_hash, expires_at, created_at)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET"
        " token_hash = excluded.token_hash, expires_at = excluded.expires_at,"
        " created_at = excluded.created_at";
    return pg_onetime_put(db, sql, user_id, hash, len, expires_at, now, err);
}

static int pg_signup_token_use(struct db *db, const unsigned char *hash, size_t len, int64_t now,
                               int64_t *user_id, struct err *err)
{
    static const char take[] = "DELETE FROM signup_pending WHERE token_hash = $1"
                               " AND expires_at > $2 RETURNING user_id";
    static const char act[] = "UPDATE users SET active = 1, updated_at = $1 WHERE id = $2";
    int64_t uid;
    int rc = pg_onetime_take(db, take, hash, len, now, &uid, err);
    *user_id = 0;
    if (rc != 0)
        return rc;
    if (!uid)
        return err_set(err, ERR_NOT_FOUND, "signup.invalid_token",
                       "tautan verifikasi tidak berlaku atau sudah kedaluwarsa",
                       "the verification link is invalid or has expired");
    char iso[32], idt[24];
    time_fmt_iso(iso, sizeof iso, time(NULL));
    snprintf(idt, sizeof idt, "%lld", (long long)uid);
    const char *params[] = {iso, idt};
    if ((rc = pg_exec((struct pg_db *)db, act, 2, params, NULL, err)) != 0)
        return rc;
    *user_id = uid;
    return 0;
}

static int pg_signup_is_pending(struct db *db, int64_t user_id, bool *pending, struct err *err)
{
    static const char sql[] = "SELECT 1 FROM signup_pending WHERE user_id = $1";
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)user_id);
    const char *params[] = {idt};
    PGresult *r = NULL;
    *pending = false;
    if (pg_q((struct pg_db *)db, sql, 1, params, &r, err) != 0)
        return err->kind;
    *pending = PQntuples(r) > 0;
    PQclear(r);
    return 0;
}

/* ---- the driver's table ---- */

const struct store_signup_ops pg_signup_ops = {
    .signup_lookup = pg_signup_lookup,
    .signup_user_add = pg_signup_user_add,
    .signup_user_renew = pg_signup_user_renew,
    .signup_token_set = pg_signup_token_set,
    .signup_token_use = pg_signup_token_use,
    .signup_is_pending = pg_signup_is_pending,
};

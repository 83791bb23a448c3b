/* SQL of self sign-up (see store/signup.h). */
#include "store/signup.h"
#include "core/timefmt.h"
#include "store/sqlite/sqlite.h"

#include <string.h>
#include <time.h>

static int sq_signup_lookup(struct db *db, const char *email, int64_t *id, bool *pending,
                            struct err *err)
{
    static const char sql[] =
        "SELECT u.id, p.user_id IS NOT NULL FROM users u"
        " LEFT JOIN signup_pending p ON p.user_id = u.id WHERE u.email = ? COLLATE NOCASE";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, email);
    int rc = sqlite3_step(st);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    *pending = rc == SQLITE_ROW && sqlite3_column_int(st, 1);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    return 0;
}

static void now_iso(char buf[32]) { time_fmt_iso(buf, 32, time(NULL)); }

/* Writes name, hash and locale with sql (?1 name, ?2 hash, ?3 locale, ?4
** now, ?5 the email or the id). */
static int user_write(struct db *db, const char *sql, const char *name, const char *hash,
                      const char *locale, const char *email, int64_t id, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    char now[32];
    now_iso(now);
    sq_bind_text(st, 1, name);
    sq_bind_text(st, 2, hash);
    sq_bind_text(st, 3, locale);
    sq_bind_text(st, 4, now);
    if (email)
        sq_bind_text(st, 5, email);
    else
        sqlite3_bind_int64(st, 5, id);
    return sq_exec_stmt(d, st, err);
}

static int sq_signup_user_add(struct db *db, const char *name, const char *email, const char *hash,
                              const char *locale, int64_t *id, struct err *err)
{
    static const char sql[] =
        "INSERT INTO users (name, password_hash, locale, created_at, updated_at, email, role,"
        " active) VALUES (?1, ?2, ?3, ?4, ?4, ?5, 'requester', 0)";
    int rc = user_write(db, sql, name, hash, locale, email, 0, err);
    *id = rc == 0 ? sqlite3_last_insert_rowid(((struct sq_db *)db)->h) : 0;
    return rc;
}

static int sq_signup_user_renew(struct db *db, int64_t id, const char *name, const char *hash,
                                const char *locale, struct err *err)
{
    static const char sql[] =
        "UPDATE users SET name = ?1, password_hash = ?2, locale = ?3, updated_at = ?4"
        " WHERE id = ?5 AND active = 0";
    return user_write(db, sql, name, hash, locale, NULL, id, err);
}

static int sq_signup_token_set(struct db *db, int64_t user_id, const unsigned char *hash,
                               size_t len, int64_t expires_at, int64_t now, struct err *err)
{
    static const char sql[] =
        "INSERT INTO signup_pending (user_id, token_hash, expires_at, created_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
        " token_hash = excluded.token_hash, expires_at = excluded.expires_at,"
        " created_at = excluded.created_at";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_blob(st, 2, hash, (int)len, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, expires_at);
    sqlite3_bind_int64(st, 4, now);
    return sq_exec_stmt(d, st, err);
}

static int sq_signup_token_use(struct db *db, const unsigned char *hash, size_t len, int64_t now,
                               int64_t *user_id, struct err *err)
{
    static const char find[] = "SELECT user_id, expires_at FROM signup_pending"
                               " WHERE token_hash = ?";
    static const char del[] = "DELETE FROM signup_pending WHERE user_id = ?";
    static const char act[] = "UPDATE users SET active = 1, updated_at = ? WHERE id = ?";
    struct sq_db *d = (struct sq_db *)db;
    int64_t uid;
    int rc = sq_token_take(d, find, del, hash, len, now, &uid, err);
    *user_id = 0;
    if (rc != 0)
        return rc;
    if (!uid)
        return err_set(err, ERR_NOT_FOUND, "signup.invalid_token",
                       "tautan verifikasi tidak berlaku atau sudah kedaluwarsa",
                       "the verification link is invalid or has expired");
    sqlite3_stmt *st;
    if (!(st = sq_prepare(d, act, err)))
        return err->kind;
    char iso[32];
    now_iso(iso);
    sq_bind_text(st, 1, iso);
    sqlite3_bind_int64(st, 2, uid);
    if ((rc = sq_exec_stmt(d, st, err)) != 0)
        return rc;
    *user_id = uid;
    return 0;
}

static int sq_signup_is_pending(struct db *db, int64_t user_id, bool *pending, struct err *err)
{
    static const char sql[] = "SELECT 1 FROM signup_pending WHERE user_id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    *pending = rc == SQLITE_ROW;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    return 0;
}

/* ---- the driver's table ---- */

const struct store_signup_ops sq_signup_ops = {
    .signup_lookup = sq_signup_lookup,
    .signup_user_add = sq_signup_user_add,
    .signup_user_renew = sq_signup_user_renew,
    .signup_token_set = sq_signup_token_set,
    .signup_token_use = sq_signup_token_use,
    .signup_is_pending = sq_signup_is_pending,
};

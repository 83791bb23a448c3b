/* Users as authentication sees them, sessions, API tokens, login
** throttling, the audit log and settings. */
#include "store/sqlite/sqlite.h"
#include "store/sqlite/ops.h"
#include "store/sqlite/rows.h"
#include "core/arena.h"

#include <string.h>

/* Column 11 is the vendor's sees_internal switch (migration 0013), read
** with the user so the permission rule has it at hand; 12 the partner
** admin flag (migration 0016). */
#define USER_COLS "u.id, u.role, u.tier, u.unit_id, u.vendor_id, u.active, u.name, " \
                  "u.email, u.nip, u.locale, u.password_hash, " \
                  "coalesce((SELECT v.sees_internal FROM vendors v WHERE v.id = u.vendor_id), 0), " \
                  "u.partner_admin"
#define USER_NCOLS 13

static void read_user(sqlite3_stmt *st, struct arena *a, struct user_auth *u)
{
    memset(u, 0, sizeof *u);
    u->p.id = sqlite3_column_int64(st, 0);
    const char *role = (const char *)sqlite3_column_text(st, 1);
    if (role_parse(role, &u->p.role) != 0)
        u->p.role = ROLE_REQUESTER;
    u->p.tier = sqlite3_column_int(st, 2);
    u->p.unit_id = sqlite3_column_int64(st, 3);
    u->p.vendor_id = sqlite3_column_int64(st, 4);
    u->p.active = sqlite3_column_int(st, 5) != 0;
    u->name = sq_text(a, st, 6);
    u->email = sq_text(a, st, 7);
    u->nip = sq_text(a, st, 8);
    u->locale = sq_text(a, st, 9);
    u->password_hash = sq_text(a, st, 10);
    u->p.vendor_sees_internal = sqlite3_column_int(st, 11) != 0;
    u->p.partner_admin = sqlite3_column_int(st, 12) != 0;
}

static int one_user(struct sq_db *d, sqlite3_stmt *st, struct arena *a, struct user_auth *out,
                    struct err *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_user(st, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_NOT_FOUND, "user.not_found", "pengguna tidak ditemukan",
                       "user not found");
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

int sq_user_by_login(struct db *db, const char *login, struct arena *a,
                     struct user_auth *out, struct err *err)
{
    static const char sql[] =
        "SELECT " USER_COLS " FROM users u WHERE u.email = ?1 COLLATE NOCASE OR u.nip = ?1";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, login);
    return one_user(d, st, a, out, err);
}

int sq_user_by_id(struct db *db, int64_t id, struct arena *a, struct user_auth *out,
                  struct err *err)
{
    static const char sql[] = "SELECT " USER_COLS " FROM users u WHERE u.id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    return one_user(d, st, a, out, err);
}

int sq_user_set_password(struct db *db, int64_t id, const char *hash, struct err *err)
{
    static const char sql[] =
        "UPDATE users SET password_hash = ?, "
        "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, hash);
    sqlite3_bind_int64(st, 2, id);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (sqlite3_changes(d->h) == 0)
        return err_set(err, ERR_NOT_FOUND, "user.not_found", "pengguna tidak ditemukan",
                       "user not found");
    return sq_user_revoke_access(db, id, NULL, err);
}

int sq_user_revoke_access(struct db *db, int64_t user_id, const unsigned char *keep,
                          struct err *err)
{
    /* A new password ends every other open session of that user and every
    ** API token: whoever knew the old one keeps nothing. */
    static const char sql_sessions[] =
        "DELETE FROM sessions WHERE user_id = ?1 AND (?2 IS NULL OR token_hash <> ?2)";
    static const char sql_tokens[] =
        "UPDATE api_tokens SET revoked = 1 WHERE user_id = ? AND revoked = 0";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql_sessions, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, user_id);
    if (keep)
        sqlite3_bind_blob(st, 2, keep, STORE_HASH_LEN, SQLITE_TRANSIENT);
    if (sq_exec_stmt(d, st, err) != 0 || !(st = sq_prepare(d, sql_tokens, err)))
        return err->kind;
    sqlite3_bind_int64(st, 1, user_id);
    return sq_exec_stmt(d, st, err);
}

int sq_user_rehash(struct db *db, int64_t id, const char *old_hash, const char *hash,
                   struct err *err)
{
    static const char sql[] =
        "UPDATE users SET password_hash = ?3 WHERE id = ?1 AND password_hash = ?2";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    sq_bind_text(st, 2, old_hash);
    sq_bind_text(st, 3, hash);
    return sq_exec_stmt(d, st, err);
}

int sq_session_create(struct db *db, int64_t user_id, const unsigned char *hash,
                      const char *csrf, int64_t expires_at, const char *ip, struct err *err)
{
    static const char sql[] =
        "INSERT INTO sessions (token_hash, user_id, csrf_token, ip, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, unixepoch(), ?)";
    static const char sql_gc[] = "DELETE FROM sessions WHERE expires_at < unixepoch()";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql_gc, err);
    if (!st || sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (!(st = sq_prepare(d, sql, err)))
        return err->kind;
    sqlite3_bind_blob(st, 1, hash, STORE_HASH_LEN, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, user_id);
    sq_bind_text(st, 3, csrf);
    sq_bind_text(st, 4, ip);
    sqlite3_bind_int64(st, 5, expires_at);
    return sq_exec_stmt(d, st, err);
}

int sq_session_lookup(struct db *db, const unsigned char *hash, int64_t now, struct arena *a,
                      struct session_row *out, struct err *err)
{
    static const char sql[] = "SELECT " USER_COLS ", s.csrf_token, s.expires_at "
                              "FROM sessions s JOIN users u ON u.id = s.user_id "
                              "WHERE s.token_hash = ? AND s.expires_at > ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_blob(st, 1, hash, STORE_HASH_LEN, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, now);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_user(st, a, &out->user);
        out->csrf_token = sq_text(a, st, USER_NCOLS);
        out->expires_at = sqlite3_column_int64(st, USER_NCOLS + 1);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_UNAUTHENTICATED, "auth.session_expired",
                       "sesi berakhir, silakan masuk lagi", "session expired, please log in");
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

int sq_session_delete(struct db *db, const unsigned char *hash, struct err *err)
{
    static const char sql[] = "DELETE FROM sessions WHERE token_hash = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_blob(st, 1, hash, STORE_HASH_LEN, SQLITE_TRANSIENT);
    return sq_exec_stmt(d, st, err);
}

int sq_token_create(struct db *db, int64_t user_id, const char *name,
                    const unsigned char *hash, int64_t expires_at, int64_t *id,
                    struct err *err)
{
    static const char sql[] =
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) "
        "VALUES (?, ?, ?, unixepoch(), ?)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, user_id);
    sq_bind_text(st, 2, name);
    sqlite3_bind_blob(st, 3, hash, STORE_HASH_LEN, SQLITE_TRANSIENT);
    if (expires_at)
        sqlite3_bind_int64(st, 4, expires_at);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    *id = sqlite3_last_insert_rowid(d->h);
    return 0;
}

int sq_token_lookup(struct db *db, const unsigned char *hash, int64_t now, struct arena *a,
                    struct user_auth *out, int64_t *expires_at, struct err *err)
{
    static const char sql[] = "SELECT " USER_COLS ", coalesce(t.expires_at, 0) FROM api_tokens t "
                              "JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?1 "
                              "AND t.revoked = 0 AND (t.expires_at IS NULL OR t.expires_at > ?2)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_blob(st, 1, hash, STORE_HASH_LEN, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, now);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_user(st, a, out);
        *expires_at = sqlite3_column_int64(st, USER_NCOLS);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_UNAUTHENTICATED, "auth.bad_token", "token API tidak valid",
                       "invalid API token");
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

int sq_token_list(struct db *db, int64_t user_id, struct arena *a, struct token_row **items,
                  size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT id, name, created_at, coalesce(expires_at, 0) FROM api_tokens "
        "WHERE user_id = ? AND revoked = 0 ORDER BY id";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, user_id);
    size_t cap = 16, count = 0;
    struct token_row *out = arena_alloc(a, cap * sizeof *out);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            struct token_row *more = sq_rows_grow(a, out, count, &cap, sizeof *out);
            if (!more)
                return sq_rows_too_many(st, err);
            out = more;
        }
        struct token_row *r = &out[count++];
        r->id = sqlite3_column_int64(st, 0);
        r->name = sq_text(a, st, 1);
        r->created_at = sqlite3_column_int64(st, 2);
        r->expires_at = sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *items = out;
    *n = count;
    return 0;
}

int sq_token_revoke(struct db *db, int64_t user_id, int64_t id, struct err *err)
{
    static const char sql[] =
        "UPDATE api_tokens SET revoked = 1 WHERE id = ? AND user_id = ? AND revoked = 0";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, user_id);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (sqlite3_changes(d->h) == 0)
        return err_set(err, ERR_NOT_FOUND, "token.not_found", "token tidak ditemukan",
                       "token not found");
    return 0;
}

int sq_login_throttle_get(struct db *db, const char *account, const char *address,
                          struct login_throttle *out, struct err *err)
{
    static const char sql[] = "SELECT failures, last_failure_at, blocked_until "
                              "FROM login_throttle WHERE account = ? AND address = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, account);
    sq_bind_text(st, 2, address);
    memset(out, 0, sizeof *out);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->failures = sqlite3_column_int64(st, 0);
        out->last_failure_at = sqlite3_column_int64(st, 1);
        out->blocked_until = sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

int sq_login_throttle_set(struct db *db, const char *account, const char *address,
                          const struct login_throttle *t, struct err *err)
{
    static const char sql_gc[] =
        "DELETE FROM login_throttle WHERE last_failure_at < ?1 - 86400 AND blocked_until < ?1";
    static const char sql[] =
        "INSERT INTO login_throttle (account, address, failures, last_failure_at, blocked_until) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (account, address) DO UPDATE SET "
        "failures = excluded.failures, last_failure_at = excluded.last_failure_at, "
        "blocked_until = excluded.blocked_until";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql_gc, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, t->last_failure_at);
    if (sq_exec_stmt(d, st, err) != 0 || !(st = sq_prepare(d, sql, err)))
        return err->kind;
    sq_bind_text(st, 1, account);
    sq_bind_text(st, 2, address);
    sqlite3_bind_int64(st, 3, t->failures);
    sqlite3_bind_int64(st, 4, t->last_failure_at);
    sqlite3_bind_int64(st, 5, t->blocked_until);
    return sq_exec_stmt(d, st, err);
}

int sq_login_throttle_clear(struct db *db, const char *account, const char *address,
                            struct err *err)
{
    static const char sql[] = "DELETE FROM login_throttle WHERE account = ? AND address = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, account);
    sq_bind_text(st, 2, address);
    return sq_exec_stmt(d, st, err);
}

int sq_audit_add(struct db *db, int64_t actor_id, const char *action, const char *resource,
                 int64_t record_id, const char *detail, const char *ip, struct err *err)
{
    static const char sql[] =
        "INSERT INTO audit_log (at, actor_id, action, resource, record_id, detail, ip) "
        "VALUES (strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?, ?, ?, ?, ?, ?)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    if (actor_id)
        sqlite3_bind_int64(st, 1, actor_id);
    sq_bind_text(st, 2, action);
    sq_bind_text(st, 3, resource);
    if (record_id)
        sqlite3_bind_int64(st, 4, record_id);
    sq_bind_text(st, 5, detail);
    sq_bind_text(st, 6, ip);
    return sq_exec_stmt(d, st, err);
}

int sq_audit_list(struct db *db, const struct audit_query *q, struct arena *a,
                  struct audit_row **items, size_t *n, int64_t *total, struct err *err)
{
    static const char sql[] =
        "SELECT count(*) OVER (), l.id, l.at, l.actor_id, u.name, l.action, l.resource, "
        "l.record_id, l.detail, l.ip FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id "
        "WHERE (?1 IS NULL OR l.resource = ?1) AND (?2 = 0 OR l.actor_id = ?2) "
        "AND (?3 IS NULL OR l.detail LIKE ?3 OR u.name LIKE ?3 OR l.action LIKE ?3 "
        "     OR l.resource LIKE ?3) "
        "ORDER BY l.id DESC LIMIT ?4 OFFSET ?5";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, q->resource);
    sqlite3_bind_int64(st, 2, q->actor_id);
    if (q->q && *q->q)
        sqlite3_bind_text(st, 3, arena_printf(a, "%%%s%%", q->q), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, q->per_page);
    sqlite3_bind_int64(st, 5, (q->page - 1) * q->per_page);
    struct audit_row *out = arena_alloc(a, sizeof *out * (size_t)q->per_page);
    size_t count = 0;
    int rc;
    *total = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && count < (size_t)q->per_page) {
        struct audit_row *r = &out[count++];
        *total = sqlite3_column_int64(st, 0);
        r->id = sqlite3_column_int64(st, 1);
        r->at = sq_text(a, st, 2);
        r->actor_id = sqlite3_column_int64(st, 3);
        r->actor_name = sq_text(a, st, 4);
        r->action = sq_text(a, st, 5);
        r->resource = sq_text(a, st, 6);
        r->record_id = sqlite3_column_int64(st, 7);
        r->detail = sq_text(a, st, 8);
        r->ip = sq_text(a, st, 9);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sq_error(d, rc, err);
    if (count == 0 && q->page > 1) {
        /* Past the last page the window count saw no rows: count alone. */
        static const char csql[] =
            "SELECT count(*) FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id "
            "WHERE (?1 IS NULL OR l.resource = ?1) AND (?2 = 0 OR l.actor_id = ?2) "
            "AND (?3 IS NULL OR l.detail LIKE ?3 OR u.name LIKE ?3 OR l.action LIKE ?3 "
            "     OR l.resource LIKE ?3)";
        sqlite3_stmt *c = sq_prepare(d, csql, err);
        if (!c)
            return err->kind;
        sq_bind_text(c, 1, q->resource);
        sqlite3_bind_int64(c, 2, q->actor_id);
        if (q->q && *q->q)
            sqlite3_bind_text(c, 3, arena_printf(a, "%%%s%%", q->q), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(c) == SQLITE_ROW)
            *total = sqlite3_column_int64(c, 0);
        sqlite3_reset(c);
    }
    *items = out;
    *n = count;
    return 0;
}

int sq_setting_get(struct db *db, const char *key, struct arena *a, const char **value,
                   struct err *err)
{
    static const char sql[] = "SELECT value FROM settings WHERE key = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    *value = rc == SQLITE_ROW ? sq_text(a, st, 0) : NULL;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_NOT_FOUND, "setting.not_found", "pengaturan tidak ada",
                       "no such setting");
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

int sq_setting_set(struct db *db, const char *key, const char *value, struct err *err)
{
    static const char sql[] = "INSERT INTO settings (key, value) VALUES (?, ?) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, key);
    sq_bind_text(st, 2, value);
    return sq_exec_stmt(d, st, err);
}

/* SQL of OpenID Connect sign-in (see store/oidc_store.h, migration 0029). */
#include "store/oidc_store.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "store/sqlite/sqlite.h"

#include <string.h>
#include <time.h>

static int sq_oidc_pending_put(struct db *db, const unsigned char state[OIDC_HASH_BYTES],
                               const unsigned char browser[OIDC_HASH_BYTES], const char *nonce,
                               const char *verifier, int64_t expires_at, int64_t now,
                               struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, "DELETE FROM oidc_pending WHERE expires_at < ?", err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, now);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    st = sq_prepare(d,
                    "INSERT INTO oidc_pending (state_hash, browser, nonce, verifier, expires_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    err);
    if (!st)
        return err->kind;
    sqlite3_bind_blob(st, 1, state, OIDC_HASH_BYTES, SQLITE_STATIC);
    sqlite3_bind_blob(st, 2, browser, OIDC_HASH_BYTES, SQLITE_STATIC);
    sq_bind_text(st, 3, nonce);
    sq_bind_text(st, 4, verifier);
    sqlite3_bind_int64(st, 5, expires_at);
    return sq_exec_stmt(d, st, err);
}

static int sq_oidc_pending_take(struct db *db, const unsigned char state[OIDC_HASH_BYTES],
                                int64_t now, struct arena *a, struct oidc_pending *out,
                                struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d,
                                  "DELETE FROM oidc_pending WHERE state_hash = ?"
                                  " RETURNING browser, nonce, verifier, expires_at",
                                  err);
    if (!st)
        return err->kind;
    sqlite3_bind_blob(st, 1, state, OIDC_HASH_BYTES, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    bool found = false;
    if (rc == SQLITE_ROW && sqlite3_column_int64(st, 3) >= now &&
        sqlite3_column_bytes(st, 0) == OIDC_HASH_BYTES) {
        memcpy(out->browser, sqlite3_column_blob(st, 0), OIDC_HASH_BYTES);
        out->nonce = sq_text(a, st, 1);
        out->verifier = sq_text(a, st, 2);
        found = true;
    }
    while (rc == SQLITE_ROW)
        rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    if (!found)
        return err_set(err, ERR_NOT_FOUND, "oidc.state",
                       "permintaan masuk tidak dikenal atau kedaluwarsa; mulai lagi",
                       "unknown or expired sign-in request; start again");
    return 0;
}

/* The first column of sql's row with text ?1 and ?2 (0 when none). */
static int lookup_id(struct sq_db *d, const char *sql, const char *a1, const char *a2, int64_t *id,
                     bool *active, struct err *err)
{
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, a1);
    if (a2)
        sq_bind_text(st, 2, a2);
    int rc = sqlite3_step(st);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    *active = rc == SQLITE_ROW && sqlite3_column_int(st, 1);
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

static int email_taken(struct err *err)
{
    return err_set(err, ERR_CONFLICT, "oidc.email_taken",
                   "email dari direktori sudah dipakai akun lain; hubungi admin",
                   "the directory's email belongs to another account; contact the administrator");
}

static int sq_oidc_user_sync(struct db *db, const struct oidc_user *u, int64_t *user_id,
                             bool *active, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    char now[32];
    time_fmt_iso(now, sizeof now, time(NULL));
    int64_t id, other;
    bool other_active;
    if (lookup_id(d,
                  "SELECT u.id, u.active FROM user_identities i JOIN users u ON u.id = i.user_id"
                  " WHERE i.provider = ?1 AND i.subject = ?2",
                  u->provider, u->subject, &id, active, err) != 0 ||
        lookup_id(d, "SELECT id, active FROM users WHERE email = ?1 COLLATE NOCASE", u->email,
                  NULL, &other, &other_active, err) != 0)
        return err->kind;
    if (!id && other) {
        /* an LDAP account stays the LDAP sign-in's (svc/directory_login.c
        ** finds it by its DN): linking it here would take it over */
        int64_t ldap_id;
        bool ldap_active;
        if (lookup_id(d,
                      "SELECT id, active FROM users WHERE email = ?1 COLLATE NOCASE"
                      " AND auth_source = 'ldap'",
                      u->email, NULL, &ldap_id, &ldap_active, err) != 0)
            return err->kind;
        if (!u->link_email || ldap_id)
            return email_taken(err);
        id = other;
        *active = other_active;
    } else if (id && other && other != id) {
        return email_taken(err);
    }
    sqlite3_stmt *st;
    if (id) {
        st = sq_prepare(d,
                        "UPDATE users SET name = ?1, email = ?2, role = ?3, tier = ?4, unit_id = ?5,"
                        " updated_at = ?6, auth_source = 'oidc', external_id = ?8 WHERE id = ?7",
                        err);
    } else {
        st = sq_prepare(d,
                        "INSERT INTO users (name, email, role, tier, unit_id, created_at,"
                        " updated_at, active, auth_source, external_id)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 1, 'oidc', ?8)",
                        err);
        *active = true;
    }
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, u->name);
    sq_bind_text(st, 2, u->email);
    sq_bind_text(st, 3, u->role);
    sq_bind_id(st, 4, u->tier);
    sq_bind_id(st, 5, u->unit_id);
    sq_bind_text(st, 6, now);
    if (id)
        sqlite3_bind_int64(st, 7, id);
    sq_bind_text(st, 8, u->subject); /* the account source the users list shows */
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (!id)
        id = sqlite3_last_insert_rowid(d->h);
    st = sq_prepare(d,
                    "INSERT INTO user_identities (provider, subject, user_id, created_at, last_login)"
                    " VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (provider, subject)"
                    " DO UPDATE SET last_login = excluded.last_login",
                    err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, u->provider);
    sq_bind_text(st, 2, u->subject);
    sqlite3_bind_int64(st, 3, id);
    sq_bind_text(st, 4, now);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    *user_id = id;
    return 0;
}

const struct store_oidc_ops sq_oidc_ops = {
    .oidc_pending_put = sq_oidc_pending_put,
    .oidc_pending_take = sq_oidc_pending_take,
    .oidc_user_sync = sq_oidc_user_sync,
};

/* The storage interface. api/ and core/ see only these types; no SQLite (or
** libpq) type crosses this header, so a PostgreSQL driver is one more
** struct store_ops in store/pg/ selected by LOKET_DB_URL.
**
** A struct store is the shared handle (a pool of connections); a struct db
** is one connection used by one thread at a time, acquired per request.
** All functions return 0 or a negative enum err_kind and fill err.
** Results that carry strings are allocated in the arena passed in. */
#ifndef LOKET_STORE_H
#define LOKET_STORE_H

#include "core/err.h"
#include "core/perm.h"
#include "core/resource.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct store;
struct db;

enum { STORE_HASH_LEN = 32, STORE_MAX_FILTERS = 16 };

struct rec_filter {
    int field;          /* index into res->fields */
    struct value val;
};

struct rec_query {
    const char *q;      /* free text over FF_SEARCH fields; NULL = none */
    struct rec_filter filters[STORE_MAX_FILTERS];
    size_t n_filters;
    int sort_field;     /* -1 = resource default */
    bool sort_desc;
    int64_t page, per_page;
};

/* A user as authentication needs it. */
struct user_auth {
    struct principal p;
    const char *name, *email, *nip, *locale, *password_hash;
};

struct session_row {
    struct user_auth user;
    const char *csrf_token;
    int64_t expires_at;
};

struct audit_row {
    int64_t id, actor_id, record_id;
    const char *at, *actor_name, *action, *resource, *detail, *ip;
};

struct audit_query {
    const char *q, *resource;
    int64_t actor_id;
    int64_t page, per_page;
};

struct store_ops {
    const char *name;
    void (*close)(struct store *st);
    struct db *(*acquire)(struct store *st, struct err *err);
    void (*release)(struct db *db);
    int (*migrate)(struct db *db, int *applied, struct err *err);
    int (*ping)(struct db *db, struct err *err);
    int (*begin)(struct db *db, struct err *err);
    int (*commit)(struct db *db, struct err *err);
    void (*rollback)(struct db *db);
    int (*backup)(struct db *db, const char *dest, struct err *err);

    int (*rec_list)(struct db *db, const struct resource *res, const struct rec_query *q,
                    struct arena *a, struct record ***items, size_t *n, int64_t *total,
                    struct err *err);
    int (*rec_get)(struct db *db, const struct resource *res, int64_t id, struct arena *a,
                   struct record **out, struct err *err);
    int (*rec_create)(struct db *db, const struct resource *res, struct record *r,
                      struct err *err);
    int (*rec_update)(struct db *db, const struct resource *res, int64_t id,
                      const struct record *r, struct err *err);
    int (*rec_delete)(struct db *db, const struct resource *res, int64_t id, struct err *err);

    int (*user_by_login)(struct db *db, const char *login, struct arena *a,
                         struct user_auth *out, struct err *err);
    int (*user_by_id)(struct db *db, int64_t id, struct arena *a, struct user_auth *out,
                      struct err *err);
    int (*user_set_password)(struct db *db, int64_t id, const char *hash, struct err *err);

    int (*session_create)(struct db *db, int64_t user_id, const unsigned char *hash,
                          const char *csrf, int64_t expires_at, const char *ip,
                          struct err *err);
    int (*session_lookup)(struct db *db, const unsigned char *hash, int64_t now,
                          struct arena *a, struct session_row *out, struct err *err);
    int (*session_delete)(struct db *db, const unsigned char *hash, struct err *err);
    int (*token_create)(struct db *db, int64_t user_id, const char *name,
                        const unsigned char *hash, int64_t expires_at, int64_t *id,
                        struct err *err);
    int (*token_lookup)(struct db *db, const unsigned char *hash, int64_t now,
                        struct arena *a, struct user_auth *out, struct err *err);

    int (*login_failure_add)(struct db *db, const char *kind, const char *key, int64_t now,
                             struct err *err);
    int (*login_failure_count)(struct db *db, const char *kind, const char *key,
                               int64_t since, int64_t *count, struct err *err);
    int (*login_failure_clear)(struct db *db, const char *kind, const char *key,
                               struct err *err);

    int (*audit_add)(struct db *db, int64_t actor_id, const char *action,
                     const char *resource, int64_t record_id, const char *detail,
                     const char *ip, struct err *err);
    int (*audit_list)(struct db *db, const struct audit_query *q, struct arena *a,
                      struct audit_row **items, size_t *n, int64_t *total, struct err *err);

    int (*setting_get)(struct db *db, const char *key, struct arena *a, const char **value,
                       struct err *err);
    int (*setting_set)(struct db *db, const char *key, const char *value, struct err *err);
};

/* Every driver's connection starts with this. */
struct db {
    const struct store_ops *ops;
    struct store *st;
};

struct store {
    const struct store_ops *ops;
};

/* Opens the store named by url ("sqlite:PATH" or a plain path). */
int store_open(const char *url, struct store **out, struct err *err);
/* Checks a database file without opening it for service (integrity_check).
** Used by `loket restore` before swapping a backup in. */
int store_check_file(const char *path, struct err *err);

static inline void store_close(struct store *st) { st->ops->close(st); }
static inline struct db *store_acquire(struct store *st, struct err *err)
{
    return st->ops->acquire(st, err);
}
static inline void store_release(struct db *db) { db->ops->release(db); }
static inline int db_migrate(struct db *db, int *applied, struct err *err)
{
    return db->ops->migrate(db, applied, err);
}
static inline int db_ping(struct db *db, struct err *err) { return db->ops->ping(db, err); }
static inline int db_begin(struct db *db, struct err *err) { return db->ops->begin(db, err); }
static inline int db_commit(struct db *db, struct err *err) { return db->ops->commit(db, err); }
static inline void db_rollback(struct db *db) { db->ops->rollback(db); }

#define STORE_CALL(db, fn, ...) ((db)->ops->fn((db), __VA_ARGS__))

#endif

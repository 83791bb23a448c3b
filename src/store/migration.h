/* Numbered schema migrations embedded at build time (tools/embed_sql.py). */
#ifndef LOKET_MIGRATION_H
#define LOKET_MIGRATION_H

#include <stdbool.h>
#include <stdint.h>

struct err;

struct migration {
    int version;
    const char *name;
    const char *sql;
};

/* Terminated by an entry with version 0. */
extern const struct migration sqlite_migrations[];
/* The PostgreSQL driver's own (store/migrations/postgresql, issue #19). */
extern const struct migration pg_migrations[];

/* Shared by the drivers' migrate_plan (store/migration.c): whether list
** holds version, how many entries it has, and the store.too_new refusal of a
** database holding a migration (unknown) this binary does not know. */
bool migration_known(const struct migration *list, int64_t version);
int migration_count(const struct migration *list);
int migration_too_new(const struct migration *list, int64_t unknown, struct err *err);

#endif

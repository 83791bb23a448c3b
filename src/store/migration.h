/* Numbered schema migrations embedded at build time (tools/embed_sql.py). */
#ifndef LOKET_MIGRATION_H
#define LOKET_MIGRATION_H

struct migration {
    int version;
    const char *name;
    const char *sql;
};

/* Terminated by an entry with version 0. */
extern const struct migration sqlite_migrations[];

#endif

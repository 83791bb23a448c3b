/* Small runners the area files of pgauth share (store/pg/records.c, auth.c,
** faq.c ...): a statement whose parameters were printed into a scratch
** arena of their own (pgp_init(&p, arena_new())), run and the arena freed,
** and the one-time tokens of sign-up and invitations. Nothing outside
** store/pg/ includes this header. */
#ifndef LOKET_STORE_PG_WRITE_H
#define LOKET_STORE_PG_WRITE_H

#include "store/pg/pg.h"

/* pg_exec with p's values, then frees p's arena. */
int pg_run(struct pg_db *d, const char *sql, struct pg_params *p, int64_t *changed,
           struct err *err);
/* An INSERT or UPDATE ... RETURNING id with p's values (p's arena freed):
** *id gets the returned id when it was 0. 0 when a row came back, 1 when
** none did (the UPDATE found no row), or a negative err_kind. */
int pg_save_row(struct pg_db *d, const char *sql, struct pg_params *p, int64_t *id,
                struct err *err);
/* sql with $1 the id: 0 with *r holding its row(s) (the caller
** PQclear()s it), 1 when there is none (*r NULL), or a negative err_kind. */
int pg_by_id(struct pg_db *d, const char *sql, int64_t id, PGresult **r, struct err *err);
/* A one-time token: sql upserts ($1 user id, $2 hash, $3 expires_at, $4
** now); take deletes by ($1 hash, $2 now: live ones only) returning the
** user id: *user_id 0 when the token is unknown or expired (an expired one
** stays until replaced, as in the SQLite driver). One statement each, so a
** token is used once whichever node is asked. */
int pg_onetime_put(struct db *db, const char *sql, int64_t user_id, const unsigned char *hash,
                   size_t len, int64_t expires_at, int64_t now, struct err *err);
int pg_onetime_take(struct db *db, const char *sql, const unsigned char *hash, size_t len,
                    int64_t now, int64_t *user_id, struct err *err);

#endif

/* PostgreSQL driver: the group-commit writer's report rollups (rollup.c). */
#ifndef LOKET_STORE_PG_ROLLUP_H
#define LOKET_STORE_PG_ROLLUP_H

#include "store/pg/pg.h"

struct ticket;

/* This transaction counts new tickets here, not in the trigger (tx.c set
** loket.rollup for it). */
bool pg_rollup_on(const struct pg_db *d);
/* The counts of the ticket just inserted. */
int pg_rollup_ticket(struct pg_db *d, const struct ticket *t, struct err *err);
/* A job's savepoint: remember the counts / go back to them. */
void pg_rollup_mark(struct pg_db *d);
void pg_rollup_undo(struct pg_db *d);
/* The transaction ended (or began): nothing owed. */
void pg_rollup_reset(struct pg_db *d);
/* Writes the counts owed (one statement); 0 when there are none. */
int pg_rollup_flush(struct pg_db *d, struct err *err);
void pg_rollup_free(struct pg_db *d);

#endif

/* Who holds a claimed row (issue #19 item 3, migrations 0003 and 0008): the
** database session of the connection that claimed it, as pid and start time
** (a pid alone may be reused). A worker keeps that connection until the
** rows are finished, so a row whose session is gone was cut off by a node
** that stopped or died, and one whose session lives is being sent. */
#ifndef LOKET_STORE_PG_CLAIMS_H
#define LOKET_STORE_PG_CLAIMS_H

/* SET list items (with the trailing comma) that record the claimer */
#define CLAIM_OWNER                                                                        \
    " claimed_pid = pg_backend_pid(), claimed_backend = (SELECT backend_start FROM"        \
    " pg_stat_activity WHERE pid = pg_backend_pid()),"

/* True for a row of table t no other live session holds: claimed before
** owners were recorded, by this very session, or by a session that ended.
** The nodes connect as one role (pg_stat_activity shows backend_start only
** to the same role or pg_read_all_stats). */
#define CLAIM_GONE(t)                                                                      \
    "(" t ".claimed_pid IS NULL OR " t ".claimed_pid = pg_backend_pid() OR "               \
    CLAIM_ENDED(t) ")"

/* True for a row of table t whose recorded claiming session has ended (a
** node stopped or killed while sending it). */
#define CLAIM_ENDED(t)                                                                     \
    "NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = " t ".claimed_pid"        \
    " AND a.backend_start = " t ".claimed_backend)"

#endif

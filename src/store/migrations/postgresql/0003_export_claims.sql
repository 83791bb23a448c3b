-- Export jobs on several nodes (issue #19 item 3; store/pg/export_jobs.c).
-- A claim records the database session that runs the job: the backend's pid
-- and start time (a pid alone may be reused). `export_requeue`, run by a
-- node as it starts, puts back only running jobs whose session is gone (a
-- node that stopped or died), never one another live node is running. The
-- export worker keeps the claiming connection for the whole job. The nodes
-- connect as one role (pg_stat_activity shows a session's start only to
-- its own role, or to pg_read_all_stats).
ALTER TABLE export_jobs ADD COLUMN claimed_pid bigint;
ALTER TABLE export_jobs ADD COLUMN claimed_backend timestamptz;

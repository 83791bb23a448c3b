/* The operations of the report table on PostgreSQL, across its files:
** reports.c (figures, and the table itself), report_walks.c (rows handed
** to callbacks) and export_jobs.c. Internal to store/pg/. */
#ifndef LOKET_STORE_PG_REPORT_PG_H
#define LOKET_STORE_PG_REPORT_PG_H

#include "store/report_store.h"

int pg_report_times_each(struct db *db, const struct ticket_query *q, report_times_fn *fn,
                         void *cls, struct err *err);
int pg_report_tickets_count(struct db *db, const struct ticket_query *q, int64_t *total,
                            struct err *err);
int pg_report_tickets_each(struct db *db, const struct ticket_query *q, report_ticket_fn *fn,
                           void *cls, struct err *err);
int pg_report_bookings_each(struct db *db, const char *from_day, const char *to_day,
                            int64_t service_id, report_booking_fn *fn, void *cls,
                            struct err *err);
int pg_report_waiting_each(struct db *db, const struct ticket_query *q, report_wait_fn *fn,
                           void *cls, struct err *err);

int pg_export_create(struct db *db, struct export_job *j, struct err *err);
int pg_export_get(struct db *db, int64_t id, struct arena *a, struct export_job *out,
                  struct err *err);
int pg_export_claim(struct db *db, struct arena *a, struct export_job *out, struct err *err);
int pg_export_progress(struct db *db, int64_t id, int64_t done_rows, int64_t total,
                       struct err *err);
int pg_export_finish(struct db *db, int64_t id, const char *status, const char *file,
                     const char *filename, const char *error, int64_t now, struct err *err);
int pg_export_requeue(struct db *db, struct err *err);
int pg_export_expire(struct db *db, int64_t before, struct arena *a, const char ***files,
                     size_t *n, struct err *err);

#endif

/* The export worker: one thread in `loket serve` that runs queued export
** jobs (export_jobs rows) one at a time, writing files under
** DATA_DIR/exports and recording progress in the job row. Jobs and their
** files are removed 7 days after they finished. */
#ifndef LOKET_REPORT_WORKER_H
#define LOKET_REPORT_WORKER_H

#include "core/err.h"
#include "report/report.h"

struct config;
struct store;
struct export_worker;

/* Starts the thread; jobs left running by a previous server are queued
** again. Returns 0 or ERR_INTERNAL. */
int report_worker_start(struct store *st, const struct config *cfg, struct export_worker **out,
                        struct err *err);
/* Asks the thread to stop (an export in progress is abandoned and queued
** again at the next start), joins it and frees w. NULL is fine. */
void report_worker_stop(struct export_worker *w);

/* The letterhead of printed reports: the office name and letterhead lines,
** the report_logo_path setting's logo, and title; strings in arena a. */
struct arena;
struct db;
struct report_brand;
struct report_brand report_brand_load(struct db *db, const struct config *cfg, struct arena *a,
                                      const char *title);

/* Where job files live: DATA_DIR/exports/<name>; in a static per-thread buffer. */
const char *report_export_path(const struct config *cfg, const char *name);

#endif

/* Partner letters as a service (issue #17 item 4), for the API handlers and
** the export worker alike: who may see which office's letters, issuing a
** letter (its number from the office's pattern and sequence, written in the
** same transaction as the letter row; an issued letter keeps its number and
** is returned again), and rendering letters to PDF from the office's
** settings and the (admin-editable) template. Neutral actor: a principal. */
#ifndef LOKET_SVC_LETTERS_H
#define LOKET_SVC_LETTERS_H

#include "report/letter_pdf.h"
#include "store/letter_store.h"

#include <jansson.h>

/* The office u administers letters for: 0 every office (admins), > 0 one
** unit (an agent with partner_admin), -1 none. */
int64_t svc_letter_scope(const struct principal *u);
/* Whether u administers unit_id's letters (settings, logo, patterns). */
bool svc_letter_may_office(const struct principal *u, int64_t unit_id);

/* The effective settings of an office: the stored ones with defaults filled
** in ("" fields replaced). */
int svc_letter_settings(struct db *db, struct arena *a, const char *org_name, int64_t unit_id,
                        struct letter_settings *out, struct err *err);
/* The pattern of kind in effective settings s. */
const char *svc_letter_pattern(const struct letter_settings *s, const char *kind);
/* What the next number of kind would look like with sequence 1 today (for
** the settings page); "" when the pattern is bad. In arena a. */
const char *svc_letter_sample_number(struct arena *a, const struct letter_settings *s,
                                     const char *kind);
/* Checks s (patterns, lengths) into err's fields; ERR_INVALID "validation". */
int svc_letter_settings_check(const struct letter_settings *s, struct err *err);

/* What to issue: kind with partner × month, or an assignment (Surat Tugas:
** partner and month are the assignment's). date: YYYY-MM-DD printed on a
** letter issued now (NULL: today, WIB); an issued letter keeps its date. */
struct letter_want {
    const char *kind;
    int64_t partner_id, assignment_id;
    const char *month, *date;
    /* A letter not issued yet is not issued: *out gets id 0 and the number
    ** "PRATINJAU" (the web app's preview). An issued one is itself. */
    bool preview;
};

/* Finds or issues the letter for u: ERR_NOT_FOUND when the partner or the
** assignment is missing or outside u's offices, ERR_CONFLICT
** letter.no_assignments when the partner has no assignment in the month,
** ERR_INVALID for a bad kind, month or date. Inside its own transaction
** unless in_tx (the caller's is open). A BAST or termination letter issues
** the month's contract first when there is none (they cite its number). */
int svc_letter_issue(struct db *db, struct arena *a, const char *org_name,
                     const struct principal *u, const struct letter_want *w, bool in_tx,
                     struct letter_rec *out, struct err *err);

/* Renders letter l into lp (settings, template and logo looked up; caches
** in c keep them across the letters of a bulk run). */
struct letter_cache;
struct letter_cache *svc_letter_cache_new(void);
void svc_letter_cache_free(struct letter_cache *c);
/* The cache's shaped paragraphs, for letter_pdf_open. */
struct pdf_shapes *svc_letter_cache_shapes(struct letter_cache *c);
int svc_letter_render(struct db *db, struct arena *a, const char *org_name,
                      struct letter_cache *c, const struct letter_rec *l, struct letter_pdf *lp,
                      struct err *err);

/* What svc_letter_render draws, without drawing it: letter l's page, its
** strings in a (the logo's bytes in c). Touches the database, so call it
** on the thread that owns db; letter_pdf_add may then run on another. */
struct letter_page;
int svc_letter_page(struct db *db, struct arena *a, const char *org_name,
                    struct letter_cache *c, const struct letter_rec *l, struct letter_page *out,
                    struct err *err);

/* The template variables of letter l, as svc_letter_render fills them (for
** previews and docs/letters.md); a new reference. */
int svc_letter_vars(struct db *db, struct arena *a, const char *org_name,
                    struct letter_cache *c, const struct letter_rec *l, json_t **out,
                    struct err *err);

/* A rendered template checked for the admin: the template with the
** variables of a sample letter. ERR_INVALID with field "body" for syntax. */
int svc_letter_template_check(const char *body, struct err *err);

/* Bulk: the letters of kind for the partner-months (or assignments) that
** match activity_id / month within u's offices, issued as needed, written
** as one PDF at path or as a ZIP of one PDF per letter. progress(cls, done,
** total) after each letter (may be NULL); stop(cls) true abandons the run
** (ERR_UNAVAILABLE). ERR_NOT_FOUND letters.none when nothing matches. */
typedef void svc_letter_progress_fn(void *cls, int64_t done, int64_t total);
typedef bool svc_letter_stop_fn(void *cls);
struct letter_bulk {
    const char *kind, *month, *date, *format; /* format "pdf" or "zip" */
    int64_t activity_id;
};
int svc_letter_bulk(struct db *db, const char *org_name, const struct principal *u,
                    const struct letter_bulk *b, const char *path,
                    svc_letter_progress_fn *progress, svc_letter_stop_fn *stop, void *cls,
                    int64_t *count, struct err *err);
/* How many letters a bulk run for u would make (0 is not an error). */
int svc_letter_bulk_count(struct db *db, const struct principal *u, const struct letter_bulk *b,
                          int64_t *n, struct err *err);
/* Parses a bulk job's filters (the export's query string); field errors. */
int svc_letter_bulk_parse(const char *query, const char *format, struct arena *a,
                          struct letter_bulk *out, struct err *err);

#endif

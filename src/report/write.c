/* Writing reports into sinks: a built document section by section, and the
** ticket list streamed from the store one row at a time (constant memory
** whatever the number of tickets), in the columns asked for, optionally
** followed by the tickets' public timelines (issue #21 item 9). */
#include "core/arena.h"
#include "core/ticket.h"
#include "report/report.h"
#include "store/report_store.h"

#include <stdio.h>
#include <string.h>

int report_write(struct rsink *s, const struct rdoc *doc, struct err *err)
{
    int rc = s->begin(s, doc, err);
    for (size_t i = 0; rc == 0 && i < doc->n_sections; i++) {
        const struct rsection *sec = &doc->sections[i];
        rc = s->section(s, sec, err);
        for (size_t r = 0; rc == 0 && r < sec->n_rows; r++)
            rc = s->row(s, &sec->cells[r * sec->n_cols], err);
    }
    int end = s->end(s, rc == 0, err);
    return rc ? rc : end;
}

struct stream {
    struct rsink *s;
    struct err *err;
    const struct report_args *args;
    struct db *db;
    report_progress_fn *progress;
    void *cls;
    int64_t done, total;
};

static void text(struct rcell *c, const char *s)
{
    c->s = s ? s : "";
}

static void when(struct rcell *c, int64_t t)
{
    c->i = t;
    c->null = t == 0;
}

static int ticket_row(void *cls, const struct report_ticket *r)
{
    struct stream *st = cls;
    const struct ticket *t = r->t;
    struct rcell c[REPORT_TICKET_N_COLS];
    memset(c, 0, sizeof c);
    enum ticket_status ts;
    text(&c[0], t->number);
    text(&c[1], t->title);
    text(&c[2], t->status && ticket_status_parse(t->status, &ts) == 0
                    ? ticket_status_label(ts, LOC_ID) : t->status);
    text(&c[3], t->service_name);
    text(&c[4], r->category_name);
    text(&c[5], r->priority_name);
    text(&c[6], t->unit_name);
    text(&c[7], t->channel);
    c[8].i = t->tier;
    text(&c[9], t->requester_name);
    text(&c[10], t->assignee_name);
    when(&c[11], t->created_at);
    when(&c[12], t->first_response_at);
    when(&c[13], t->resolved_at);
    when(&c[14], t->closed_at);
    c[15].i = t->rating;
    c[15].null = t->rating == 0;
    text(&c[16], t->first_response_breached || t->resolution_breached ? "ya" : "tidak");
    const struct report_args *args = st->args;
    struct rcell chosen[REPORT_TICKET_N_COLS];
    for (size_t k = 0; k < args->n_columns; k++)
        chosen[k] = c[args->columns[k]];
    int rc = st->s->row(st->s, args->n_columns ? chosen : c, st->err);
    if (rc)
        return rc;
    if (++st->done % 5000 == 0 && st->progress)
        st->progress(st->cls, st->done, st->total);
    return 0;
}

/* ---- the public timeline ---- */

static const struct rcol timeline_cols[] = {
    {"number", "Nomor", RT_TEXT, 26},
    {"at", "Waktu", RT_TIME, 18},
    {"actor", "Pelaku", RT_TEXT, 20},
    {"kind", "Jenis", RT_TEXT, 14},
    {"field", "Kolom", RT_TEXT, 14},
    {"old_value", "Nilai lama", RT_TEXT, 18},
    {"new_value", "Nilai baru", RT_TEXT, 18},
    {"body", "Isi", RT_TEXT, 50},
};
enum { N_TIMELINE_COLS = sizeof timeline_cols / sizeof timeline_cols[0] };

/* Personal contacts changed on a ticket: that they changed is public, the
** values are not exported (seed 001: protect personal contacts). */
static bool contact_field(const char *field)
{
    return field && !strncmp(field, "contact_", 8);
}

static int timeline_rows(void *cls, const struct report_ticket *r)
{
    struct stream *st = cls;
    if (r->t->booking) /* a booking's timeline speaks of health matters */
        return 0;
    struct arena *a = arena_new();
    struct ticket_event *ev;
    size_t n;
    int rc = db_events_list(st->db, r->t->id, false, a, &ev, &n, st->err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (ev[i].internal) /* events_list without internal ones: belt and braces */
            continue;
        bool hide = contact_field(ev[i].field);
        struct rcell c[N_TIMELINE_COLS];
        memset(c, 0, sizeof c);
        text(&c[0], r->t->number);
        when(&c[1], ev[i].at);
        text(&c[2], ev[i].actor_name);
        text(&c[3], ev[i].kind);
        text(&c[4], ev[i].field);
        text(&c[5], hide ? NULL : ev[i].old_value);
        text(&c[6], hide ? NULL : ev[i].new_value);
        text(&c[7], ev[i].body);
        rc = st->s->row(st->s, c, st->err);
    }
    arena_free(a);
    return rc;
}

int report_export_tickets(struct db *db, const struct report_args *args, struct rsink *s,
                          report_progress_fn *progress, void *cls, struct err *err)
{
    struct stream st = {s, err, args, db, progress, cls, 0, 0};
    struct arena *a = arena_new();
    struct rdoc doc = {.name = "tickets", .title = "Daftar tiket",
                       .period = report_period_text(a, args)};
    struct rsection sec = {.key = "rows", .title = "Daftar tiket", .cols = report_ticket_cols,
                           .n_cols = REPORT_TICKET_N_COLS};
    if (args->n_columns) {
        struct rcol *cols = arena_alloc(a, args->n_columns * sizeof *cols);
        for (size_t k = 0; k < args->n_columns; k++)
            cols[k] = report_ticket_cols[args->columns[k]];
        sec.cols = cols;
        sec.n_cols = args->n_columns;
    }
    struct rsection tl = {.key = "timeline", .title = "Riwayat publik tiket",
                          .cols = timeline_cols, .n_cols = N_TIMELINE_COLS};
    int rc = store_report_tickets_count(db, &args->q, &st.total, err);
    if (rc == 0 && progress)
        progress(cls, 0, st.total);
    if (rc == 0)
        rc = s->begin(s, &doc, err);
    if (rc == 0)
        rc = s->section(s, &sec, err);
    if (rc == 0)
        rc = store_report_tickets_each(db, &args->q, ticket_row, &st, err);
    if (rc == 0 && args->timeline) {
        rc = s->section(s, &tl, err);
        if (rc == 0)
            rc = store_report_tickets_each(db, &args->q, timeline_rows, &st, err);
    }
    if (rc == 0 && progress)
        progress(cls, st.done, st.total);
    int end = s->end(s, rc == 0, err);
    arena_free(a);
    return rc ? rc : end;
}

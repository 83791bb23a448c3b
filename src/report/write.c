/* Writing reports into sinks: a built document section by section, and the
** ticket list streamed from the store one row at a time (constant memory
** whatever the number of tickets). */
#include "core/arena.h"
#include "core/ticket.h"
#include "report/report.h"
#include "store/report_store.h"

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

static const struct rcol ticket_cols[] = {
    {"number", "Nomor", RT_TEXT, 26},
    {"title", "Judul", RT_TEXT, 34},
    {"status", "Status", RT_TEXT, 15},
    {"service", "Layanan", RT_TEXT, 22, true},
    {"category", "Kategori", RT_TEXT, 16, true},
    {"priority", "Prioritas", RT_TEXT, 10, true},
    {"unit", "Unit", RT_TEXT, 18},
    {"channel", "Kanal", RT_TEXT, 9, true},
    {"tier", "Tingkat", RT_INT, 6, true},
    {"requester", "Pemohon", RT_TEXT, 18, true},
    {"assignee", "Petugas", RT_TEXT, 16},
    {"created_at", "Dibuat", RT_TIME, 24},
    {"first_response_at", "Ditanggapi", RT_TIME, 16, true},
    {"resolved_at", "Diselesaikan", RT_TIME, 16, true},
    {"closed_at", "Ditutup", RT_TIME, 16, true},
    {"rating", "Nilai", RT_INT, 6, true},
    {"sla_breached", "SLA terlewati", RT_TEXT, 8, true},
};
enum { N_TICKET_COLS = sizeof ticket_cols / sizeof ticket_cols[0] };

struct stream {
    struct rsink *s;
    struct err *err;
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
    struct rcell c[N_TICKET_COLS];
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
    int rc = st->s->row(st->s, c, st->err);
    if (rc)
        return rc;
    if (++st->done % 5000 == 0 && st->progress)
        st->progress(st->cls, st->done, st->total);
    return 0;
}

int report_export_tickets(struct db *db, const struct report_args *args, struct rsink *s,
                          report_progress_fn *progress, void *cls, struct err *err)
{
    struct stream st = {s, err, progress, cls, 0, 0};
    struct arena *a = arena_new();
    struct rdoc doc = {.name = "tickets", .title = "Daftar tiket",
                       .period = report_period_text(a, args)};
    struct rsection sec = {.key = "rows", .title = "Daftar tiket", .cols = ticket_cols,
                           .n_cols = N_TICKET_COLS};
    int rc = store_report_tickets_count(db, &args->q, &st.total, err);
    if (rc == 0 && progress)
        progress(cls, 0, st.total);
    if (rc == 0)
        rc = s->begin(s, &doc, err);
    if (rc == 0)
        rc = s->section(s, &sec, err);
    if (rc == 0)
        rc = store_report_tickets_each(db, &args->q, ticket_row, &st, err);
    if (rc == 0 && progress)
        progress(cls, st.done, st.total);
    int end = s->end(s, rc == 0, err);
    arena_free(a);
    return rc ? rc : end;
}

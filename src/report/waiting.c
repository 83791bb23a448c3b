/* The "waiting on requester" report (issue #21 item 9, seed 001: "kecepatan
** respons saat klarifikasi" — how fast each requesting unit answers the
** officers' clarification questions). For the tickets of the period, per
** requesting unit: how many went to "Menunggu Pemohon" (status waiting),
** the clarification rounds (each move into waiting), and the wall-clock
** time from each move into waiting to the move out of it (the requester's
** answer, or staff moving on): total, median and mean per answered round.
** Rounds still open are counted as waiting now, not timed, so a figure
** does not change with the hour the report is run. */
#include "core/arena.h"
#include "report/report.h"
#include "store/report_store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct wait_unit {
    int64_t unit_id;
    const char *name;
    int64_t tickets, waited, rounds, waiting_now;
    int64_t *secs; /* one per answered round */
    size_t n, cap;
};

struct wait_acc {
    struct arena *a;
    struct wait_unit *units;
    size_t n_units, cap_units;
    /* the ticket being walked */
    int64_t ticket_id, entered;
    struct wait_unit *cur;
    int64_t cur_rounds;
    const char *cur_status;
};

static struct wait_unit *unit_of(struct wait_acc *w, const struct report_wait_event *e)
{
    for (size_t i = 0; i < w->n_units; i++)
        if (w->units[i].unit_id == e->unit_id)
            return &w->units[i];
    if (w->n_units == w->cap_units) {
        w->cap_units = w->cap_units ? w->cap_units * 2 : 16;
        struct wait_unit *bigger = realloc(w->units, w->cap_units * sizeof *bigger);
        if (!bigger)
            abort(); /* out of memory: nothing sensible left to do */
        w->units = bigger;
    }
    struct wait_unit *u = &w->units[w->n_units++];
    memset(u, 0, sizeof *u);
    u->unit_id = e->unit_id;
    u->name = e->unit_name ? arena_strdup(w->a, e->unit_name) : NULL;
    return u;
}

/* The walked ticket is complete: its rounds and whether it waits now. */
static void ticket_done(struct wait_acc *w)
{
    if (!w->cur)
        return;
    w->cur->tickets++;
    w->cur->rounds += w->cur_rounds;
    if (w->cur_rounds)
        w->cur->waited++;
    if (w->entered && w->cur_status && !strcmp(w->cur_status, "waiting"))
        w->cur->waiting_now++;
    w->cur = NULL;
}

static int wait_event(void *cls, const struct report_wait_event *e)
{
    struct wait_acc *w = cls;
    if (!w->cur || e->ticket_id != w->ticket_id) {
        /* ticket_done first: unit_of may move the units array under cur */
        ticket_done(w);
        struct wait_unit *u = unit_of(w, e);
        w->cur = u;
        w->ticket_id = e->ticket_id;
        w->entered = 0;
        w->cur_rounds = 0;
        w->cur_status = e->ticket_status && !strcmp(e->ticket_status, "waiting") ? "waiting" : "";
    }
    if (!e->at)
        return 0;
    if (e->to && !strcmp(e->to, "waiting")) {
        w->entered = e->at;
        w->cur_rounds++;
    } else if (e->from && !strcmp(e->from, "waiting") && w->entered) {
        int64_t s = e->at - w->entered;
        report_push(&w->cur->secs, &w->cur->n, &w->cur->cap, s > 0 ? s : 0);
        w->entered = 0;
    }
    return 0;
}

static int by_name(const void *x, const void *y)
{
    const struct wait_unit *a = x, *b = y;
    /* tickets without a unit last */
    if (!a->unit_id != !b->unit_id)
        return !a->unit_id - !b->unit_id;
    int c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
    return c ? c : (a->unit_id > b->unit_id) - (a->unit_id < b->unit_id);
}

static const struct rcol waiting_cols[] = {
    {"unit_id", "ID", RT_INT, 6, true},
    {"unit", "Unit pemohon", RT_TEXT, 30},
    {"tickets", "Tiket", RT_INT, 8},
    {"tickets_waited", "Tiket diklarifikasi", RT_INT, 12},
    {"rounds", "Putaran klarifikasi", RT_INT, 12},
    {"answered", "Dijawab", RT_INT, 9},
    {"waiting_now", "Masih menunggu", RT_INT, 10},
    {"total_minutes", "Total menunggu (menit)", RT_INT, 14},
    {"median_minutes", "Median (menit)", RT_INT, 12},
    {"mean_minutes", "Rata-rata (menit)", RT_NUM, 12},
};
enum { N_WAITING_COLS = sizeof waiting_cols / sizeof waiting_cols[0] };

/* Minutes of a round, whole (rounded down). */
static int64_t minutes(int64_t secs)
{
    return secs / 60;
}

int report_build_waiting(struct db *db, struct arena *a, const struct report_args *args,
                         struct rdoc *doc, struct err *err)
{
    struct wait_acc w = {.a = a};
    int rc = store_report_waiting_each(db, &args->q, wait_event, &w, err);
    ticket_done(&w);
    if (rc == 0) {
        if (w.n_units) /* qsort with a NULL base is undefined even for 0 items */
            qsort(w.units, w.n_units, sizeof *w.units, by_name);
        struct rsection *s = report_add_section(doc, "rows", "Waktu menunggu pemohon per unit",
                                                waiting_cols, N_WAITING_COLS, w.n_units, a);
        int64_t *all = NULL;
        size_t n_all = 0, cap_all = 0;
        int64_t tickets = 0, rounds = 0, now = 0, total = 0;
        for (size_t i = 0; i < w.n_units; i++) {
            struct wait_unit *u = &w.units[i];
            int64_t sum = 0;
            for (size_t k = 0; k < u->n; k++) {
                sum += u->secs[k];
                report_push(&all, &n_all, &cap_all, u->secs[k]);
            }
            report_sort(u->secs, u->n);
            report_cell(s, i, 0)->i = u->unit_id;
            report_cell(s, i, 0)->null = u->unit_id == 0;
            report_cell(s, i, 1)->s = u->unit_id ? (u->name ? u->name : "") : "(tanpa unit)";
            report_cell(s, i, 2)->i = u->tickets;
            report_cell(s, i, 3)->i = u->waited;
            report_cell(s, i, 4)->i = u->rounds;
            report_cell(s, i, 5)->i = (int64_t)u->n;
            report_cell(s, i, 6)->i = u->waiting_now;
            report_cell(s, i, 7)->i = minutes(sum);
            report_cell(s, i, 8)->null = report_cell(s, i, 9)->null = u->n == 0;
            if (u->n) {
                report_cell(s, i, 8)->i = minutes(report_percentile(u->secs, u->n, 0.5));
                report_cell(s, i, 9)->d = round((double)sum / 60.0 / (double)u->n * 100) / 100;
            }
            tickets += u->tickets;
            rounds += u->rounds;
            now += u->waiting_now;
            total += sum;
        }
        report_bars(s, a, "Median waktu menunggu pemohon (menit)", 1, 8);
        report_sort(all, n_all);
        report_fig(doc, "tickets", (double)tickets);
        report_fig(doc, "rounds", (double)rounds);
        report_fig(doc, "answered", (double)n_all);
        report_fig(doc, "waiting_now", (double)now);
        report_fig(doc, "total_minutes", (double)minutes(total));
        if (n_all) {
            report_fig(doc, "median_minutes", (double)minutes(report_percentile(all, n_all, 0.5)));
            report_fig(doc, "mean_minutes", round((double)total / 60.0 / (double)n_all * 100) / 100);
        }
        free(all);
    }
    for (size_t i = 0; i < w.n_units; i++)
        free(w.units[i].secs);
    free(w.units);
    return rc;
}

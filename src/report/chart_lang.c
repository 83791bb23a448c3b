/* English words for a chart drawn for the web dashboard's English view.
** Reports are built in Indonesian (the PDFs, the JSON labels); a chart asked
** for with lang=en gets its title, series names and the category labels
** that are words (statuses, channels, tiers, months, "none") in English,
** keyed by the rows' codes, so the drawing and the numbers stay the same. */
#include "report/report.h"
#include "core/arena.h"
#include "core/ticket.h"

#include <stdio.h>
#include <string.h>

static const char *const words[][2] = {
    {"Tiket per status", "Tickets by status"},   {"Tiket per unit", "Tickets by unit"},
    {"Tiket per layanan", "Tickets by service"}, {"Tiket per kategori", "Tickets by category"},
    {"Tiket per kanal", "Tickets by channel"},   {"Tiket per prioritas", "Tickets by priority"},
    {"Tiket per tingkat", "Tickets by tier"},    {"Tiket per petugas", "Tickets by agent"},
    {"Tiket per bulan", "Tickets by month"},     {"Dibuat vs diselesaikan", "Created vs resolved"},
    {"Dibuat", "Created"},                       {"Diselesaikan", "Resolved"},
    {"Jumlah", "Count"},                         {"Tiket", "Tickets"},
    {"Janji temu per layanan", "Appointments by service"},
    {"Janji temu per hari", "Appointments by day"},
    {"Pemesanan", "Bookings"},                   {"Dilayani", "Served"},
    {"Tiket bertag", "Tagged tickets"},          {"Tiket berkategori", "Categorised tickets"},
};

static const char *en(const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(id, words[i][0]))
            return words[i][1];
    return id;
}

static const char *label_en(struct arena *a, const char *dim, const char *key, const char *id)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const char *const channels[][2] = {{"web", "Web"},       {"email", "Email"},
                                              {"whatsapp", "WhatsApp"}, {"phone", "Phone"},
                                              {"walk_in", "Walk-in"}};
    if (!key || !*key)
        return !strcmp(dim, "agent") ? "(unassigned)" : "(none)";
    enum ticket_status st;
    if (!strcmp(dim, "status") && ticket_status_parse(key, &st) == 0)
        return ticket_status_label(st, LOC_EN);
    if (!strcmp(dim, "channel"))
        for (size_t i = 0; i < sizeof channels / sizeof channels[0]; i++)
            if (!strcmp(key, channels[i][0]))
                return channels[i][1];
    if (!strcmp(dim, "tier"))
        return arena_printf(a, "Tier %s", key);
    if (!strcmp(dim, "tagged"))
        return !strcmp(key, "yes") ? "Tagged" : "Untagged";
    if (!strcmp(dim, "categorised"))
        return !strcmp(key, "yes") ? "Categorised" : "Uncategorised";
    int y, m;
    if (!strcmp(dim, "month") && sscanf(key, "%d-%d", &y, &m) == 2 && m >= 1 && m <= 12)
        return arena_printf(a, "%s %d", months[m - 1], y);
    return id; /* names of units, services, people: the same in both */
}

void chart_english(struct rsection *s, const char *dim, struct arena *a)
{
    struct chart *c = &s->chart;
    c->title = en(c->title);
    c->a_name = en(c->a_name);
    c->b_name = en(c->b_name);
    /* count sections carry the row's code in column 0 ("key") */
    if (!dim || !s->n_cols || strcmp(s->cols[0].key, "key") != 0 || c->kind != CHART_BARS)
        return;
    const char **labels = arena_alloc(a, (c->n ? c->n : 1) * sizeof *labels);
    for (size_t r = 0; r < c->n && r < s->n_rows; r++)
        labels[r] = label_en(a, dim, s->cells[r * s->n_cols].s, c->labels[r]);
    c->labels = labels;
}

/* The ticket export's columns (the allow-list of columns=) and the parser
** of columns= and timeline= (issue #21 item 9). Apart from report/write.c
** so the parser is fuzzed alone (tests/fuzz/fuzz_columns.c). */
#include "report/report.h"

#include <stdio.h>
#include <string.h>

const struct rcol report_ticket_cols[REPORT_TICKET_N_COLS] = {
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
void report_ticket_columns_parse(const char *columns, const char *timeline,
                                 struct report_args *args, struct err *err)
{
    args->n_columns = 0;
    args->timeline = false;
    if (timeline && *timeline) {
        if (strcmp(timeline, "public"))
            err_field(err, "timeline", "harus public", "must be public");
        args->timeline = !strcmp(timeline, "public");
    }
    if (!columns || !*columns)
        return;
    const char *p = columns;
    bool seen[REPORT_TICKET_N_COLS] = {false};
    for (;;) { /* every piece between commas, empty ones too */
        size_t len = strcspn(p, ",");
        size_t k = 0;
        while (k < REPORT_TICKET_N_COLS && (strlen(report_ticket_cols[k].key) != len ||
                                            strncmp(report_ticket_cols[k].key, p, len)))
            k++;
        if (k == REPORT_TICKET_N_COLS || seen[k]) {
            bool unknown = k == REPORT_TICKET_N_COLS;
            int shown = (int)(len > 40 ? 40 : len);
            char id[160], en[160];
            snprintf(id, sizeof id, "kolom %s: %.*s",
                     unknown ? "tidak dikenal" : "disebut dua kali", shown, p);
            snprintf(en, sizeof en, "%s column: %.*s", unknown ? "unknown" : "repeated", shown, p);
            err_field(err, "columns", id, en);
            return;
        }
        seen[k] = true;
        args->columns[args->n_columns++] = (unsigned char)k;
        if (!p[len])
            break;
        p += len + 1;
    }
}


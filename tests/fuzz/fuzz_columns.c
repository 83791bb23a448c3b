/* libFuzzer target for the ticket export's columns= and timeline= parser
** (src/report/columns.c, issue #21): any byte string, split in two at its
** first NUL, is parsed. It must never crash or read out of bounds; a
** success names only allow-listed columns, each once; a refusal names the
** field it refuses. */
#include "report/report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 2);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = buf[size + 1] = '\0';
    const char *columns = buf, *timeline = buf + strlen(buf) + 1;
    if (timeline > buf + size)
        timeline = NULL;
    struct report_args args;
    memset(&args, 0, sizeof args);
    struct err err = {0};
    report_ticket_columns_parse(columns, timeline, &args, &err);
    if (args.n_columns > REPORT_TICKET_N_COLS)
        abort();
    bool seen[REPORT_TICKET_N_COLS] = {false};
    for (size_t k = 0; k < args.n_columns; k++) {
        if (args.columns[k] >= REPORT_TICKET_N_COLS || seen[args.columns[k]])
            abort();
        seen[args.columns[k]] = true;
    }
    for (size_t i = 0; i < err.n_fields; i++)
        if (strcmp(err.fields[i].name, "columns") && strcmp(err.fields[i].name, "timeline"))
            abort();
    if (!err.n_fields && args.timeline && strcmp(timeline, "public"))
        abort();
    free(buf);
    return 0;
}

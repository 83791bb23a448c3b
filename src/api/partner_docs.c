/* Answers a partner-administration table (payment list, fee reports) as
** JSON or, with ?format=csv|xlsx|pdf, as a file written by the report
** sinks (report/csv.c neutralises formula-like text; xlsx.c; pdf.c). */
#include "api/partner_gate.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "http/reply.h"
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Most bytes of one document answered from memory, as report/pdf.c allows. */
static const size_t DOC_MAX_BYTES = 512u << 20;

static int file_bytes(const char *path, char **buf, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    struct buf b;
    buf_init(&b, DOC_MAX_BYTES);
    size_t got;
    char chunk[65536];
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && buf_append(&b, chunk, got) == 0)
        ;
    fclose(f);
    *buf = buf_detach(&b, len); /* NULL past the cap or on OOM */
    return *buf ? 0 : -1;
}

int partner_reply_doc(struct req *rq, const struct rdoc *doc, json_t *json)
{
    const char *format = req_query(rq, "format");
    if (!format || !strcmp(format, "json"))
        return reply_json(rq, 200, json);
    json_decref(json);
    bool csv = !strcmp(format, "csv"), xlsx = !strcmp(format, "xlsx");
    if (!csv && !xlsx && strcmp(format, "pdf"))
        return reply_err(rq, (err_invalid(&rq->err, "format", "harus json, csv, xlsx atau pdf",
                                          "must be json, csv, xlsx or pdf"), &rq->err));
    char path[] = "/tmp/loket-partners-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return reply_error(rq, ERR_INTERNAL, "internal", "gagal membuat berkas",
                           "could not make the file");
    struct rsink *s;
    FILE *f = NULL;
    struct report_brand brand = {rq->app && rq->app->cfg ? rq->app->cfg->org_name : "Loket",
                                 NULL, doc->title};
    if (csv) {
        f = fdopen(fd, "wb");
        s = f ? report_csv_sink(f) : NULL;
    } else {
        close(fd);
        s = xlsx ? report_xlsx_sink(path) : report_pdf_sink(path, &brand);
    }
    int rc = s ? report_write(s, doc, &rq->err) : ERR_INTERNAL;
    if (f)
        fclose(f);
    char *buf = NULL;
    size_t len = 0;
    if (rc == 0 && file_bytes(path, &buf, &len) != 0)
        rc = ERR_INTERNAL;
    unlink(path);
    if (rc != 0) {
        free(buf);
        if (!rq->err.kind)
            err_set(&rq->err, ERR_INTERNAL, "internal", "gagal membuat berkas",
                    "could not make the file");
        return reply_err(rq, &rq->err);
    }
    rc = reply_bytes(rq, 200,
                     csv    ? "text/csv; charset=utf-8"
                     : xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                            : "application/pdf",
                     buf, len);
    free(buf);
    return rc;
}

/* GET /api/v1/tickets/{number}/receipt.pdf (issue #22 item 7): the
** requester's receipt. Whoever may see the ticket may print it; anyone else
** gets the same 404 as for a ticket that does not exist. */
#include "api/api.h"
#include "api/sched.h"
#include "api/ticket_common.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/reply.h"
#include "report/receipt.h"
#include "report/worker.h"

#include <stdlib.h>
#include <string.h>

struct report_brand api_ticket_brand(struct req *rq, struct db *db)
{
    return report_brand_load(db, rq->app->cfg, rq->arena, NULL);
}

int api_tickets_receipt_pdf(struct req *rq)
{
    struct db *db = req_db(rq);
    struct ticket *t;
    if (!db || ticket_load(rq, db, &t) != 0)
        return reply_err(rq, &rq->err);
    struct report_brand brand = api_ticket_brand(rq, db);
    /* the same link the notification mails carry (svc/notify.c) */
    const char *base = rq->app->cfg->base_url;
    size_t n = strlen(base);
    while (n && base[n - 1] == '/')
        n--;
    const char *url = arena_printf(rq->arena, "%.*s/#/tickets/%s", (int)n, base, t->number);
    unsigned char *bytes;
    size_t len;
    if (report_ticket_receipt(t, url, &brand, &bytes, &len, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    int rc = reply_bytes(rq, 200, "application/pdf", bytes, len);
    free(bytes);
    return rc;
}

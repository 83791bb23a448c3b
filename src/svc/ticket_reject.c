/* Rejection reason codes (issue #21 item 9, seed 001: staff turn a ticket
** down at "verifikasi awal"): a staff member cancelling someone else's
** ticket may name one of the admin-edited codes (master data
** reject-reasons, migration 0020); a requester cancelling their own ticket
** gives none, so the reports keep the two apart. The code goes on the
** timeline as a public "reject_code" event next to the status move. */
#include "svc/ticket_svc.h"
#include "core/arena.h"
#include "core/resource.h"

#include <string.h>

/* The active reason with this code, or a field error naming reason_code. */
static int code_known(struct db *db, struct arena *a, const char *code, struct err *err)
{
    struct rec_query rq = {.sort_field = -1, .page = 1, .per_page = 1, .n_filters = 2};
    rq.filters[0].field = resource_field(&res_reject_reasons, "code");
    rq.filters[0].val = (struct value){.set = true, .s = code};
    rq.filters[1].field = resource_field(&res_reject_reasons, "active");
    rq.filters[1].val = (struct value){.set = true, .i = 1};
    struct record **items;
    size_t n;
    int64_t total;
    if (db_rec_list(db, &res_reject_reasons, &rq, a, &items, &n, &total, err) != 0)
        return err->kind;
    if (n == 0)
        return err_invalid(err, "reason_code", "kode alasan penolakan tidak dikenal atau nonaktif",
                           "unknown or inactive rejection reason code");
    return 0;
}

int svc_reject_code_check(struct db *db, const struct actor *who, struct arena *a,
                          const struct ticket *t, const struct status_change *in,
                          struct err *err)
{
    if (!in->reason_code || !*in->reason_code)
        return 0;
    if (in->to != TS_CANCELLED)
        return err_invalid(err, "reason_code", "kode alasan hanya untuk pembatalan",
                           "a reason code only goes with cancelling");
    if (who->user->p.id == t->requester_id)
        return err_invalid(err, "reason_code",
                           "pemohon yang membatalkan tiketnya sendiri tidak memberi kode penolakan",
                           "a requester cancelling their own ticket gives no rejection code");
    return code_known(db, a, in->reason_code, err);
}

int svc_reject_code_record(struct db *db, const struct actor *who, const struct ticket *t,
                           const struct status_change *in, struct err *err)
{
    if (!in->reason_code || !*in->reason_code)
        return 0;
    return svc_ticket_event(db, t, who->now, who->user->p.id, "reject_code", "reject_code", NULL,
                            in->reason_code, NULL, false, err);
}

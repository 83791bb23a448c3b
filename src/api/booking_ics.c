/* GET /api/v1/bookings/{id}/ics: the booking's current iCalendar invite
** (text/calendar), for whoever may see the booking (404 otherwise, like
** GET /bookings/{id}); the same UID and SEQUENCE as the mailed invites, so
** importing it updates the entry the mail made. */
#include "api/bookings.h"
#include "core/arena.h"
#include "http/mhd.h"
#include "http/reply.h"
#include "svc/booking.h"
#include "svc/booking_invite.h"

#include <string.h>

int api_bookings_ics(struct req *rq)
{
    struct db *db = req_db(rq);
    struct booking_result res;
    char *ics;
    if (!db || booking_get(db, rq->arena, rq->user, req_param_id(rq, "id"), &res, &rq->err) != 0 ||
        booking_invite_current(db, rq->arena, rq->app->cfg, res.b, &ics, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    size_t len = strlen(ics);
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, ics, MHD_RESPMEM_PERSISTENT); /* arena outlives it */
    if (!resp)
        return reply_error(rq, ERR_INTERNAL, "internal", "kesalahan internal", "internal error");
    MHD_add_response_header(resp, "Content-Type", "text/calendar; charset=utf-8");
    MHD_add_response_header(resp, "Content-Disposition",
                            arena_printf(rq->arena, "attachment; filename=\"%s.ics\"",
                                         res.b->ticket_number ? res.b->ticket_number : "booking"));
    rq->resp_bytes = len;
    return reply_queue(rq, 200, resp, true);
}

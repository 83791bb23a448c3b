/* Handlers of appointments (issue 16): schedules, availability, the queue
** (api/schedules.c) and bookings (api/bookings.c). Routes in http/routes.c. */
#ifndef LOKET_API_BOOKINGS_H
#define LOKET_API_BOOKINGS_H

#include "http/http.h"

int api_schedule_get(struct req *rq);
int api_schedule_put(struct req *rq);
int api_availability(struct req *rq);
int api_queue_get(struct req *rq);
int api_queue_next(struct req *rq);

int api_bookings_create(struct req *rq);
int api_bookings_list(struct req *rq);
int api_bookings_get(struct req *rq);
int api_bookings_cancel(struct req *rq);
int api_bookings_reschedule(struct req *rq);
int api_bookings_served(struct req *rq);
int api_bookings_no_show(struct req *rq);

/* Runs a booking write on the group-commit writer and answers with the
** booking (api/bookings.c); shared by the queue's "call next". */
struct booking_job;
int api_booking_submit(struct req *rq, struct booking_job *j);

#endif

/* The day's queue as a requester sees it, from a copy kept between commits
** (see queue_cache.c). */
#ifndef LOKET_API_QUEUE_CACHE_H
#define LOKET_API_QUEUE_CACHE_H

#include <stdbool.h>

struct req;

/* Replies to GET /services/{id}/queue for a viewer who is not the
** service's staff; for staff sets *staff and replies nothing (the caller
** answers with names). */
int api_queue_requester(struct req *rq, bool *staff);

#endif

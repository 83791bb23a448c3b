/* The day's queue as a requester sees it, from a copy kept between commits
** (see queue_cache.c). */
#ifndef LOKET_API_QUEUE_CACHE_H
#define LOKET_API_QUEUE_CACHE_H

struct req;

/* Replies to GET /services/{id}/queue for a viewer who is not the
** service's staff. */
int api_queue_requester(struct req *rq);

#endif

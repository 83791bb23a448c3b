/* In-app notifications over HTTP (issue #20, agent tools): the caller's
** own bell only, so nobody reads another's list (docs/agent-tools.md). */
#ifndef LOKET_API_INAPP_H
#define LOKET_API_INAPP_H

struct req;

/* GET /api/v1/me/alerts[?unread=true&limit=N]: the newest first, each with
** its ticket's number, title and status, and the unread count. */
int api_inapp_list(struct req *rq);
/* GET /api/v1/me/alerts/count: {"unread": N}, what the bell polls. */
int api_inapp_count(struct req *rq);
/* POST /api/v1/me/alerts/{id}/read: 404 inapp.not_found when not the
** caller's. POST /api/v1/me/alerts/read-all: every unread one. Both answer
** {"marked": changed rows, "unread": what is left}. */
int api_inapp_read(struct req *rq);
int api_inapp_read_all(struct req *rq);

#endif

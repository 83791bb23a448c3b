/* Notification channel choice (issue #22 item 4): mail, WhatsApp or both,
** and the WhatsApp number (docs/whatsapp-notifications.md). */
#ifndef LOKET_API_WA_NOTIFY_H
#define LOKET_API_WA_NOTIFY_H

struct req;

/* GET|PUT /api/v1/me/notifications: the caller's own choice. */
int api_me_notifications_get(struct req *rq);
int api_me_notifications_put(struct req *rq);
/* GET|PUT /api/v1/users/{id}/notifications: an admin for anyone, an agent
** (not an outside vendor's) for a requester; 404 for everyone else. */
int api_user_notifications_get(struct req *rq);
int api_user_notifications_put(struct req *rq);

#endif

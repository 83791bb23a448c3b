/* Who is asking: session cookie or bearer token, CSRF for cookie writes,
** and the session cookie itself. */
#ifndef LOKET_HTTP_AUTH_H
#define LOKET_HTTP_AUTH_H

#include "http/http.h"

/* Name of the session cookie (API.md). */
extern const char SESSION_COOKIE[];

/* Resolves rq->user from the Authorization header or the session cookie.
** Returns 0 (user may stay NULL) or a negative kind for a bad credential
** that was presented (401). */
int http_authenticate(struct req *rq);
/* For cookie-authenticated state-changing requests: X-CSRF-Token must match
** the session's token. Returns 0 or ERR_FORBIDDEN (code auth.csrf). */
int http_check_csrf(struct req *rq);
/* Sets the Set-Cookie header for a new session token (or clears it when
** token is NULL). */
void http_set_session_cookie(struct req *rq, const char *token, long max_age);

#endif

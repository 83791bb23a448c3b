/* The HTTP server: libmicrohttpd with a worker-thread pool. */
#ifndef LOKET_SERVER_H
#define LOKET_SERVER_H

#include "http/http.h"

struct server;

/* Starts listening on app->cfg->listen ("host:port"; port 0 = any). Returns
** 0 or a negative kind with err filled. */
int server_start(struct app *app, struct server **out, struct err *err);
/* The port actually bound (useful with port 0). */
unsigned server_port(const struct server *s);
/* Graceful stop: stops accepting, waits up to grace_seconds for requests in
** flight to finish, then closes everything and frees s. */
void server_stop(struct server *s, long grace_seconds);

#endif

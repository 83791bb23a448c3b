/* HTTP calls to the WhatsApp Graph API with libcurl: bearer token, JSON
** body, response kept in memory (bounded). */
#ifndef LOKET_CHANNELS_GRAPH_H
#define LOKET_CHANNELS_GRAPH_H

#include <stddef.h>

struct arena;

struct graph_resp {
    long status;     /* HTTP status; 0 when the request did not complete */
    char *body;      /* NUL-terminated, in the arena */
    size_t len;
    char error[256]; /* libcurl's message when status is 0 */
};

/* GET (json NULL) or POST json to url with "Authorization: Bearer token";
** at most max_bytes of response are kept (larger fails). */
int graph_call(const char *url, const char *token, const char *json, size_t max_bytes,
               struct arena *a, struct graph_resp *out);

#endif

/* Static files of the web app from the configured web directory. */
#ifndef LOKET_STATIC_H
#define LOKET_STATIC_H

#include "http/http.h"

/* Serves GET/HEAD for rq->path from cfg->web_dir ("/" → index.html),
** with content type, ETag and Cache-Control. 404/405 JSON otherwise. */
int static_serve(struct req *rq);
/* Content type for a file name by extension (never NULL). */
const char *static_content_type(const char *name);

#endif

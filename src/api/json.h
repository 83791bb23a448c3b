/* JSON in and out for handlers: the request body, pagination, and the
** mapping between core records and JSON objects. */
#ifndef LOKET_API_JSON_H
#define LOKET_API_JSON_H

#include "core/resource.h"
#include "http/http.h"

#include <jansson.h>

enum { PER_PAGE_DEFAULT = 50, PER_PAGE_MAX = 200 };

/* Parses the body as a JSON object; the reference is released with the
** arena. Returns 0, or ERR_MALFORMED (400) with rq->err filled. */
int api_body(struct req *rq, json_t **out);
/* Reads ?page and ?per_page (defaults 1 and 50, max 200). 0 or ERR_INVALID. */
int api_page(struct req *rq, int64_t *page, int64_t *per_page);
/* {"items":items,"total":N,"page":P,"per_page":K}; steals items. */
json_t *api_list(json_t *items, int64_t total, int64_t page, int64_t per_page);
/* A record as JSON (hidden fields left out). New reference. */
json_t *record_to_json(const struct resource *res, const struct record *r);
/* Copies the keys of obj into r (marking them set). Unknown keys, read-only
** keys and wrong JSON types are field errors (ERR_INVALID). Strings are
** copied into arena a. */
int record_from_json(const struct resource *res, json_t *obj, struct record *r,
                     struct arena *a, struct err *err);
/* A text member of a request body: absent or null is NULL (a field error
** when required, as is one of only blanks); not a string, more than max
** bytes or holding NUL are field errors in rq->err. *out is copied into
** rq->arena, NULL when empty. Always returns 0: the caller checks
** rq->err.n_fields once all fields are read. */
int api_text_field(struct req *rq, json_t *body, const char *key, size_t max, bool required,
                   const char **out);
/* A boolean member: 1 or 0, -1 when absent; anything else (null, "true",
** 1) is a field error in rq->err, so a client's typo never flips a flag. */
int api_flag(struct req *rq, json_t *body, const char *key);
/* String member or NULL when absent/not a string. */
const char *json_str(json_t *obj, const char *key);

#endif

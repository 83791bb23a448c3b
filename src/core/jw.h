/* A JSON text writer into an arena, for the hot answers (tickets by number,
** ticket lists) and the notification variables every new ticket queues:
** building jansson objects and dumping them cost a malloc per value and a
** UTF-8 pass per string, a third of a ticket GET.
** Strings come from the database, where only validated UTF-8 is stored, so
** the writer escapes but does not re-validate. key NULL = array element. */
#ifndef LOKET_CORE_JW_H
#define LOKET_CORE_JW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

struct jw {
    struct arena *a;
    char *buf;
    size_t len, cap;
    bool comma; /* a value precedes at this level */
};

void jw_init(struct jw *w, struct arena *a);
void jw_obj(struct jw *w, const char *key);   /* opens an object */
void jw_arr(struct jw *w, const char *key);   /* opens an array */
void jw_end(struct jw *w, char close);        /* '}' or ']' */
void jw_str(struct jw *w, const char *key, const char *s); /* NULL → null */
void jw_int(struct jw *w, const char *key, int64_t v);
void jw_id(struct jw *w, const char *key, int64_t v);      /* 0 → null */
void jw_bool(struct jw *w, const char *key, bool v);
void jw_null(struct jw *w, const char *key);
void jw_time(struct jw *w, const char *key, int64_t t);    /* ISO-8601 UTC; 0 → null */
/* json, already JSON text of one value (e.g. an object kept as text in the
** database), put in as it is. */
void jw_raw(struct jw *w, const char *key, const char *json, size_t n);
/* The text so far, NUL-terminated. */
const char *jw_text(struct jw *w, size_t *len);

#endif

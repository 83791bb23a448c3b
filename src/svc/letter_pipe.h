/* A bulk letter run on more than one thread: the calling thread (which owns
** the database handle) prepares each letter's page in order, a few ahead;
** worker threads draw them with cairo + pango, either into one shared PDF
** (one worker, so pages keep their order) or into one PDF in memory per
** letter (several workers, for a ZIP). Letters are handed back in order. */
#ifndef LOKET_SVC_LETTER_PIPE_H
#define LOKET_SVC_LETTER_PIPE_H

#include "core/err.h"
#include "svc/letters.h"

#include <stddef.h>

struct letter_pdf;
struct letter_pipe;

struct letter_pipe_cfg {
    struct db *db;
    const char *org_name;
    struct letter_cache *c;
    const struct letter_rec *recs;
    size_t n;
    struct letter_pdf *lp; /* the shared PDF, or NULL: one PDF in memory per letter */
    int workers;           /* threads drawing; 1 when lp is set */
    svc_letter_stop_fn *stop;
    void *cls;
    /* called on the preparing thread before letter i is prepared (NULL:
    ** none), e.g. to issue the letters' numbers a chunk at a time */
    int (*before)(void *before_cls, size_t i, struct err *err);
    void *before_cls;
};

int letter_pipe_start(const struct letter_pipe_cfg *cfg, struct letter_pipe **out,
                      struct err *err);
/* Waits until letter i (0, 1, 2, ... each once) is drawn, preparing the
** next ones meanwhile. In memory mode *pdf (malloc'd, caller frees) and
** *len; pdf may be NULL otherwise. The first failure is returned in err. */
int letter_pipe_take(struct letter_pipe *p, size_t i, unsigned char **pdf, size_t *len,
                     struct err *err);
/* Stops the workers, waits for them and frees p (NULL is fine). */
void letter_pipe_end(struct letter_pipe *p);

#endif

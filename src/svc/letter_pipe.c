/* Bulk letters on two cores (svc/letter_pipe.h): a ring of WINDOW slots
** between the preparing thread and the drawing threads, so at most WINDOW
** letters are in memory and numbering and order stay as issued. */
#include "svc/letter_pipe.h"
#include "core/arena.h"
#include "report/letter_pdf.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* 32 letters keep a drawing thread busy for ~0.1 s, while the preparing
** thread issues the next chunk of numbers (svc/letters.c) */
enum { WINDOW = 32, MAX_WORKERS = 4 };

enum slot_state { EMPTY, READY, BUSY, DONE };

struct slot {
    enum slot_state st;
    struct arena *a; /* the page's strings */
    struct letter_page pg;
    int rc;
    struct err err;
    unsigned char *pdf;
    size_t len;
};

struct letter_pipe {
    struct letter_pipe_cfg cfg;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct slot slots[WINDOW];
    size_t prepared, taken; /* letters prepared; letters handed to a worker */
    size_t next;            /* the letter letter_pipe_take gives back next */
    bool quit;
    pthread_t th[MAX_WORKERS];
    int n_th;
};

static void draw(struct letter_pipe *p, struct pdf_shapes *sh, struct slot *s)
{
    if (p->cfg.lp) {
        s->rc = letter_pdf_add(p->cfg.lp, &s->pg, &s->err);
        return;
    }
    struct letter_pdf *lp;
    int rc = letter_pdf_open(NULL, sh, &lp, &s->err);
    if (rc == 0) {
        rc = letter_pdf_add(lp, &s->pg, &s->err);
        int rc2 = letter_pdf_close(lp, rc == 0, &s->pdf, &s->len, &s->err);
        rc = rc ? rc : rc2;
    }
    s->rc = rc;
}

static void *worker(void *arg)
{
    struct letter_pipe *p = arg;
    pthread_setname_np(pthread_self(), "loket-letters");
    /* shaped paragraphs are per thread; the shared PDF brings its own */
    struct pdf_shapes *sh = p->cfg.lp ? NULL : letter_shapes_new();
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && p->taken >= p->prepared)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->quit)
            break;
        struct slot *s = &p->slots[p->taken++ % WINDOW];
        s->st = BUSY;
        pthread_mutex_unlock(&p->mu);
        draw(p, sh, s);
        pthread_mutex_lock(&p->mu);
        s->st = DONE;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    letter_shapes_free(sh);
    return NULL;
}

int letter_pipe_start(const struct letter_pipe_cfg *cfg, struct letter_pipe **out,
                      struct err *err)
{
    struct letter_pipe *p = calloc(1, sizeof *p);
    if (!p)
        return err_text(err, ERR_INTERNAL, "internal", "memori habis", "out of memory");
    p->cfg = *cfg;
    int want = cfg->lp ? 1 : cfg->workers < 1 ? 1 : cfg->workers > MAX_WORKERS ? MAX_WORKERS
                                                                              : cfg->workers;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    for (int i = 0; i < want; i++)
        if (pthread_create(&p->th[p->n_th], NULL, worker, p) == 0)
            p->n_th++;
    if (p->n_th == 0) {
        letter_pipe_end(p);
        return err_text(err, ERR_INTERNAL, "internal", "tidak dapat memulai thread",
                        "could not start a thread");
    }
    *out = p;
    return 0;
}

/* Prepares letters up to i + WINDOW - 1: their slots were all given back. */
static int prepare(struct letter_pipe *p, size_t i, struct err *err)
{
    const struct letter_pipe_cfg *c = &p->cfg;
    while (p->prepared < c->n && p->prepared < i + WINDOW) {
        if (c->stop && c->stop(c->cls))
            return err_text(err, ERR_UNAVAILABLE, "export.stopping", "server berhenti",
                            "the server is stopping");
        if (c->before && c->before(c->before_cls, p->prepared, err) != 0)
            return err->kind;
        struct slot *s = &p->slots[p->prepared % WINDOW];
        s->a = arena_new();
        s->rc = 0;
        s->pdf = NULL;
        memset(&s->err, 0, sizeof s->err);
        if (svc_letter_page(c->db, s->a, c->org_name, c->c, &c->recs[p->prepared], &s->pg,
                            err) != 0) {
            arena_free(s->a);
            s->a = NULL;
            return err->kind;
        }
        pthread_mutex_lock(&p->mu);
        s->st = READY;
        p->prepared++;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    return 0;
}

static void slot_clear(struct slot *s)
{
    arena_free(s->a);
    free(s->pdf);
    *s = (struct slot){.st = EMPTY};
}

int letter_pipe_take(struct letter_pipe *p, size_t i, unsigned char **pdf, size_t *len,
                     struct err *err)
{
    if (i != p->next) /* a slot holds one letter at a time: strictly in order */
        return err_text(err, ERR_INTERNAL, "internal", "urutan surat salah",
                        "letters taken out of order");
    if (prepare(p, i, err) != 0)
        return err->kind;
    struct slot *s = &p->slots[i % WINDOW];
    pthread_mutex_lock(&p->mu);
    while (s->st != DONE)
        pthread_cond_wait(&p->cv, &p->mu);
    pthread_mutex_unlock(&p->mu);
    int rc = s->rc;
    if (rc != 0) {
        *err = s->err;
    } else if (pdf) {
        *pdf = s->pdf;
        *len = s->len;
        s->pdf = NULL;
    }
    slot_clear(s);
    p->next++;
    return rc;
}

void letter_pipe_end(struct letter_pipe *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->quit = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->n_th; i++)
        pthread_join(p->th[i], NULL);
    for (size_t i = 0; i < WINDOW; i++)
        slot_clear(&p->slots[i]);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

/* The trigger engine: the compiled rules of this thread, kept until the
** store's conf_generation moves (automation_rules is one of its tables), and
** the hook svc_ticket_event calls for every timeline event. An event whose
** class no enabled rule listens to costs a switch and two loads; a rule's
** conditions are plain comparisons (automation_int.h), no JSON.
**
** Loops: a rule acts at most once per ticket per instant (a ticket_rule_runs
** row "event:<at>", written in the same transaction; a rule on "created"
** alone needs none), and within one chain
** of events caused by rules a rule that already acted is skipped, so two
** rules that undo each other stop after one round; a depth cap backs both. */
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "svc/automation_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MAX_DEPTH = 4, MAX_CHAIN = 32 };

struct rule_set {
    struct arena *a, *prev; /* prev: the set before, freed one change later */
    struct store *st;
    uint64_t gen, stamp;
    int64_t born;            /* monotonic seconds it was compiled at */
    struct auto_rule *rules; /* enabled trigger rules, in run order */
    size_t n;
    unsigned events;         /* union of their event classes */
};

static _Thread_local struct rule_set tl;
static _Thread_local int depth;
static _Thread_local int64_t chain[MAX_CHAIN];
static _Thread_local size_t n_chain;

/* The "created" rules chosen for a ticket about to be written
** (svc_automation_plan_created), consumed by its "created" event. The rule
** pointers are into tl, which is not compiled again while a plan waits. */
struct plan {
    const struct ticket *t;
    int64_t at;
    struct arena *a;
    const struct auto_rule **rules;
    struct auto_folded **folded; /* per rule, per action */
    size_t n;
};
static _Thread_local struct plan plan;

static const struct config *use_cfg;
static struct config dflt_cfg;
static pthread_once_t dflt_once = PTHREAD_ONCE_INIT;

void svc_automation_use_config(const struct config *cfg)
{
    use_cfg = cfg;
}

static void dflt_init(void)
{
    config_defaults(&dflt_cfg);
}

const struct config *auto_config(void)
{
    if (use_cfg)
        return use_cfg;
    pthread_once(&dflt_once, dflt_init);
    return &dflt_cfg;
}

/* The set before is kept one change longer: a caller's ticket may still
** point at a resolution summary of its actions. */
static void retire(void)
{
    arena_free(tl.prev);
    struct arena *keep = tl.a;
    memset(&tl, 0, sizeof tl);
    tl.prev = keep;
}

void svc_automation_plan_drop(void)
{
    arena_free(plan.a);
    memset(&plan, 0, sizeof plan);
}

void svc_automation_reset(void)
{
    svc_automation_plan_drop();
    retire();
    arena_free(tl.prev);
    tl.prev = NULL;
}

/* Each thread's compiled rules go with the thread (the writer and the
** workers end at shutdown): a key whose destructor frees them. */
static pthread_key_t tl_key;
static pthread_once_t tl_once = PTHREAD_ONCE_INIT;

static void tl_done(void *unused)
{
    (void)unused;
    svc_automation_reset();
}

static void tl_key_init(void)
{
    pthread_key_create(&tl_key, tl_done);
}

static int64_t mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec;
}

/* The rules for this connection's store, compiled again when stale. Never
** while a chain runs: the outer loop still walks the old set.
**
** conf_generation also moves on every commit another connection made (the
** server's refresh cannot tell what changed), so under ticket writes it
** moves all the time: then the rules table's stamp (one aggregate query)
** decides, and the master data the compiled rules hold (a canned answer's
** text, a calendar's holidays) is read again at most every STALE_S. */
enum { STALE_S = 5 };

static const struct rule_set *rules(struct db *db)
{
    uint64_t gen = store_conf_generation(db->st), stamp = 0;
    if ((tl.a && tl.st == db->st && tl.gen == gen) || depth > 0 || plan.t)
        return &tl;
    struct err e = {0};
    if (db_auto_rule_stamp(db, &stamp, &e) != 0) {
        err_clear(&e);
        stamp = 0;
    }
    int64_t now = mono_s();
    if (tl.a && tl.st == db->st && stamp && tl.stamp == stamp && now - tl.born < STALE_S) {
        tl.gen = gen;
        return &tl;
    }
    retire();
    pthread_once(&tl_once, tl_key_init);
    pthread_setspecific(tl_key, &tl);
    tl.a = arena_new();
    tl.st = db->st;
    tl.gen = gen;
    tl.stamp = stamp;
    tl.born = now;
    struct auto_rule_row *rows;
    size_t n;
    if (db_auto_rule_list(db, tl.a, &rows, &n, &e) != 0) {
        /* an unmigrated or failing store runs no rules; asked again next time */
        tl.gen = gen - 1;
        return &tl;
    }
    tl.rules = arena_alloc(tl.a, (n ? n : 1) * sizeof *tl.rules);
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].enabled || strcmp(rows[i].kind, "trigger"))
            continue;
        struct auto_rule *r = &tl.rules[tl.n];
        if (auto_compile(db, tl.a, &rows[i], r, &e) != 0) {
            /* a reference deleted since the rule was saved: the rule sleeps */
            log_msg(LOG_WARN, "automation: rule %lld \"%s\" skipped: %s", (long long)rows[i].id,
                     rows[i].name, e.msg[LOC_EN]);
            err_clear(&e);
            continue;
        }
        tl.events |= r->events;
        tl.n++;
    }
    return &tl;
}

static unsigned classify(const char *kind)
{
    switch (kind[0]) {
    case 'c':
        if (!strcmp(kind, "created"))
            return AE_CREATED;
        if (!strcmp(kind, "comment"))
            return AE_COMMENTED;
        if (!strcmp(kind, "channel"))
            return 0; /* part of "created" */
        break;
    case 's':
        if (!strcmp(kind, "status"))
            return AE_STATUS;
        break;
    case 'r':
        if (!strcmp(kind, "rating"))
            return AE_RATED;
        break;
    case 'n':
        if (!strcmp(kind, "note"))
            return 0; /* internal: the requester's ticket did not change */
        break;
    default:
        break;
    }
    return AE_UPDATED;
}

static bool in_ids(const struct auto_ids *s, int64_t v)
{
    if (!s->n)
        return true;
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == v)
            return true;
    return false;
}

static bool in_texts(const char *const *s, size_t n, const char *v)
{
    if (!n)
        return true;
    for (size_t i = 0; v && i < n; i++)
        if (!strcmp(s[i], v))
            return true;
    return false;
}

/* The title and body lower-cased (ASCII, as the words are) once per event,
** on the first rule with words; strstr then finds each word. The per-byte
** folding for each word of each rule was 6 % of the writer under 50 rules. */
struct folded_text {
    const struct ticket *t;
    bool done;
    char *title, *desc;
};

static char *lower_dup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        d[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
    return d;
}

static void text_free(struct folded_text *x)
{
    free(x->title);
    free(x->desc);
    x->title = x->desc = NULL;
    x->done = false;
}

static bool words_match(const struct auto_cond *c, struct folded_text *x)
{
    if (!x->done) {
        x->title = lower_dup(x->t->title);
        x->desc = lower_dup(x->t->description);
        x->done = true;
    }
    for (size_t i = 0; i < c->n_words; i++)
        if ((x->title && strstr(x->title, c->words[i])) ||
            (x->desc && strstr(x->desc, c->words[i])))
            return true;
    return false;
}

static bool match(const struct auto_cond *c, const struct ticket *t, int64_t at,
                  struct folded_text *x);

bool auto_match(const struct auto_cond *c, const struct ticket *t, int64_t at)
{
    struct folded_text x = {.t = t};
    bool ok = match(c, t, at, &x);
    text_free(&x);
    return ok;
}

static bool match(const struct auto_cond *c, const struct ticket *t, int64_t at,
                  struct folded_text *x)
{
    if (!in_ids(&c->services, t->service_id) || !in_ids(&c->categories, t->category_id) ||
        !in_ids(&c->units, t->unit_id) || !in_ids(&c->priorities, t->priority_id) ||
        !in_ids(&c->requesters, t->requester_id) ||
        !in_texts(c->channels, c->n_channels, t->channel) ||
        !in_texts(c->statuses, c->n_statuses, t->status))
        return false;
    if (c->rating_max && (!t->rating || t->rating > c->rating_max))
        return false;
    if (c->rating_min && (!t->rating || t->rating < c->rating_min))
        return false;
    if (c->n_tags) {
        bool any = false;
        for (size_t i = 0; !any && i < c->n_tags; i++)
            for (size_t k = 0; !any && k < t->n_tags; k++)
                any = !strcmp(c->tags[i], t->tags[k]);
        if (!any)
            return false;
    }
    if (c->n_words && !words_match(c, x))
        return false;
    if (c->outside_hours) {
        bool outside = bizcal_next_open(&c->cal, at) != at;
        if (outside != (c->outside_hours > 0))
            return false;
    }
    return true;
}

static bool in_chain(int64_t id)
{
    for (size_t i = 0; i < n_chain; i++)
        if (chain[i] == id)
            return true;
    return false;
}

/* A field edit's event comes before the ticket holds the new value: match
** on what it will be. */
/* Whether r may act on ticket id for this event: at most once per ticket per
** instant, a ticket_rule_runs row "event:<at>" in this transaction. A rule
** that listens only to "created" needs no row: a ticket is created once
** (and the row was a fifth of what 50 rules cost a new ticket). */
static int claim(struct db *db, const struct auto_rule *r, int64_t id, unsigned cls, int64_t at,
                 bool *fresh, struct err *err)
{
    if (cls == AE_CREATED && r->events == AE_CREATED) {
        *fresh = true;
        return 0;
    }
    char state[32];
    snprintf(state, sizeof state, "event:%lld", (long long)at);
    return db_auto_run_add(db, r->id, id, state, 0, at, fresh, err);
}

static void overlay(struct ticket *view, const char *field, const char *v)
{
    int64_t id = v ? strtoll(v, NULL, 10) : 0;
    if (!field)
        return;
    if (!strcmp(field, "priority_id"))
        view->priority_id = id;
    else if (!strcmp(field, "service_id"))
        view->service_id = id;
    else if (!strcmp(field, "category_id"))
        view->category_id = id;
    else if (!strcmp(field, "title"))
        view->title = v;
    else if (!strcmp(field, "description"))
        view->description = v;
}

/* A new ticket's view for matching: what its row will hold. */
static void new_view(struct ticket *view)
{
    if (!view->status)
        view->status = "new";
}

void svc_automation_plan_created(struct db *db, struct ticket *t, int64_t at)
{
    svc_automation_plan_drop();
    if (depth > 0) /* a follow-up opened by a rule: the plain path */
        return;
    const struct rule_set *rs = rules(db);
    if (!(rs->events & AE_CREATED))
        return;
    struct ticket view = *t;
    new_view(&view);
    plan.a = arena_new();
    plan.rules = arena_alloc(plan.a, (rs->n ? rs->n : 1) * sizeof *plan.rules);
    plan.folded = arena_alloc(plan.a, (rs->n ? rs->n : 1) * sizeof *plan.folded);
    struct folded_text text = {.t = &view};
    for (size_t i = 0; i < rs->n; i++) {
        const struct auto_rule *r = &rs->rules[i];
        if (!(r->events & AE_CREATED) || !match(&r->cond, &view, at, &text))
            continue;
        plan.rules[plan.n++] = r;
    }
    text_free(&text);
    /* Fold the priorities, in rule order, as the actions would have changed
    ** it one after the other. */
    for (size_t i = 0; i < plan.n; i++) {
        const struct auto_rule *r = plan.rules[i];
        struct auto_folded *f = arena_alloc(plan.a, (r->n_actions ? r->n_actions : 1) * sizeof *f);
        memset(f, 0, (r->n_actions ? r->n_actions : 1) * sizeof *f);
        for (size_t k = 0; k < r->n_actions; k++) {
            const struct auto_action *x = &r->actions[k];
            if (x->kind == AA_PRIORITY) {
                f[k].folded = true;
                f[k].changed = t->priority_id != x->id;
                f[k].old = t->priority_id;
                t->priority_id = x->id;
            }
        }
        plan.folded[i] = f;
    }
    plan.t = t;
    plan.at = at;
}

/* Whether r has an action that reads the stored row (all but a folded
** priority and tags, which need only the id). */
static bool needs_row(const struct auto_rule *r, const struct auto_folded *f)
{
    for (size_t k = 0; k < r->n_actions; k++)
        if (!f[k].folded && r->actions[k].kind != AA_TAGS)
            return true;
    return false;
}

/* The "created" event of a planned ticket: each chosen rule's run, with the
** folded priorities' events and the other actions acting now. */
static int run_plan(struct db *db, struct ticket *t, int64_t at, struct err *err)
{
    struct plan p = plan;
    memset(&plan, 0, sizeof plan); /* a rule's follow-up ticket plans nothing */
    int rc = 0;
    struct arena *a = NULL;
    struct ticket *work = t;
    n_chain = 0;
    for (size_t i = 0; rc == 0 && i < p.n; i++) {
        const struct auto_rule *r = p.rules[i];
        bool fresh = false;
        if ((rc = claim(db, r, t->id, AE_CREATED, at, &fresh, err)) != 0 || !fresh)
            continue;
        if (n_chain < MAX_CHAIN)
            chain[n_chain++] = r->id;
        /* as on the plain path: what acts later acts on the stored row */
        if (work == t && needs_row(r, p.folded[i])) {
            a = arena_new();
            if ((rc = db_ticket_get_id(db, t->id, a, &work, err)) != 0)
                break;
        }
        depth++;
        rc = auto_act(db, work, r, at, p.folded[i], err);
        depth--;
    }
    arena_free(a);
    arena_free(p.a);
    return rc;
}

int svc_automation_on_event(struct db *db, struct ticket *t, int64_t at, const char *kind,
                            const char *field, const char *new_value, struct err *err)
{
    unsigned cls = classify(kind);
    if (!cls || !t->id)
        return 0;
    if (cls == AE_CREATED && plan.t == t && plan.at == at && depth == 0)
        return run_plan(db, t, at, err);
    const struct rule_set *rs = rules(db);
    if (!(rs->events & cls) || depth >= MAX_DEPTH)
        return 0;
    if (depth == 0)
        n_chain = 0;
    struct ticket view = *t;
    if (!strcmp(kind, "field"))
        overlay(&view, field, new_value);
    struct arena *a = NULL;
    struct ticket *work = t;
    struct folded_text x = {.t = &view};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < rs->n; i++) {
        const struct auto_rule *r = &rs->rules[i];
        if (!(r->events & cls) || in_chain(r->id) || !match(&r->cond, &view, at, &x))
            continue;
        bool fresh = false;
        if ((rc = claim(db, r, t->id, cls, at, &fresh, err)) != 0 || !fresh)
            continue;
        if (n_chain < MAX_CHAIN)
            chain[n_chain++] = r->id;
        /* A new ticket's struct is the caller's input (the row has defaults
        ** it lacks): act on the stored row; the caller reads it back. */
        if (cls == AE_CREATED && work == t) {
            a = arena_new();
            if ((rc = db_ticket_get_id(db, t->id, a, &work, err)) != 0)
                break;
        }
        depth++;
        rc = auto_act(db, work, r, at, NULL, err);
        depth--;
    }
    text_free(&x);
    arena_free(a);
    return rc;
}

/* SLA due times: a ticket's policy (priority's, else service's) and its
** business calendar with holidays, loaded through the generic record API. */
#include "svc/svc.h"
#include "core/arena.h"
#include "core/bizcal.h"

#include "core/timefmt.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct sla_ctx {
    struct bizcal cal;
    int64_t first_response_minutes, resolution_minutes, warn_minutes;
    bool has_policy;
};

static int64_t val_i(const struct resource *res, const struct record *r, const char *f)
{
    const struct value *v = &r->v[resource_field(res, f)];
    return v->null ? 0 : v->i;
}

static const char *val_s(const struct resource *res, const struct record *r, const char *f)
{
    const struct value *v = &r->v[resource_field(res, f)];
    return v->null ? NULL : v->s;
}

/* A calendar that is always open, for policies without one. */
static void always_open(struct bizcal *c)
{
    memset(c, 0, sizeof *c);
    c->work_days = 0xFE; /* ISO weekdays 1..7 */
    c->start_min = 0;
    c->end_min = 1440;
}

/* ---- calendars, cached ------------------------------------------------
** A calendar with its holidays is read for every ticket created; it
** changes a few times a year. Cached per process, keyed by the store's
** conf_generation (any master-data commit here drops it) and kept two
** seconds at most for writes made by other processes. Generations are
** unique across stores (store/sqlite/driver.c), so they also tell stores apart. */

enum { CAL_SLOTS = 16 };
static const uint64_t CAL_TTL_NS = 2000000000u;

static struct {
    pthread_mutex_t mu;
    struct cal_slot {
        int64_t id;
        uint64_t gen, born_ns;
        struct bizcal cal;
        int32_t *days; /* malloc'd; cal.holidays points here */
    } slot[CAL_SLOTS];
} cals = {.mu = PTHREAD_MUTEX_INITIALIZER};

static bool cal_cached(int64_t id, uint64_t gen, struct arena *a, struct bizcal *c)
{
    struct cal_slot *s = &cals.slot[(uint64_t)id % CAL_SLOTS];
    bool hit = false;
    pthread_mutex_lock(&cals.mu);
    if (s->id == id && s->gen == gen && time_mono_ns() - s->born_ns < CAL_TTL_NS) {
        *c = s->cal;
        int32_t *days = arena_alloc(a, (s->cal.n_holidays ? s->cal.n_holidays : 1) * sizeof *days);
        memcpy(days, s->days, s->cal.n_holidays * sizeof *days);
        c->holidays = days;
        hit = true;
    }
    pthread_mutex_unlock(&cals.mu);
    return hit;
}

static void cal_keep(int64_t id, uint64_t gen, const struct bizcal *c)
{
    int32_t *days = malloc((c->n_holidays ? c->n_holidays : 1) * sizeof *days);
    if (!days)
        return;
    memcpy(days, c->holidays, c->n_holidays * sizeof *days);
    struct cal_slot *s = &cals.slot[(uint64_t)id % CAL_SLOTS];
    pthread_mutex_lock(&cals.mu);
    free(s->days);
    *s = (struct cal_slot){.id = id, .gen = gen, .born_ns = time_mono_ns(), .cal = *c,
                           .days = days};
    s->cal.holidays = days;
    pthread_mutex_unlock(&cals.mu);
}

static int read_calendar(struct db *db, struct arena *a, int64_t cal_id, struct bizcal *c,
                         struct err *err);

static int load_calendar(struct db *db, struct arena *a, int64_t cal_id, struct bizcal *c,
                         struct err *err)
{
    if (!cal_id) {
        always_open(c);
        return 0;
    }
    uint64_t gen = store_conf_generation(db->st);
    if (cal_cached(cal_id, gen, a, c))
        return 0;
    int rc = read_calendar(db, a, cal_id, c, err);
    if (rc == 0 && store_conf_generation(db->st) == gen)
        cal_keep(cal_id, gen, c);
    return rc;
}

static int read_calendar(struct db *db, struct arena *a, int64_t cal_id, struct bizcal *c,
                         struct err *err)
{
    struct record *cal;
    if (!cal_id) {
        always_open(c);
        return 0;
    }
    if (db_rec_get(db, &res_calendars, cal_id, a, &cal, err) != 0)
        return err->kind;
    int offset = 420;
    const char *tz = val_s(&res_calendars, cal, "timezone");
    if (tz && bizcal_zone_offset(tz, &offset) != 0)
        offset = 420; /* names we cannot resolve count as WIB, the default zone */
    if (bizcal_init(c, offset, val_s(&res_calendars, cal, "work_days"),
                    val_s(&res_calendars, cal, "work_start"),
                    val_s(&res_calendars, cal, "work_end"), err) != 0)
        return err->kind;
    struct rec_query q = {.sort_field = resource_field(&res_holidays, "date"), .page = 1,
                          .per_page = 5000, .n_filters = 1};
    q.filters[0].field = resource_field(&res_holidays, "calendar_id");
    q.filters[0].val = (struct value){.set = true, .i = cal_id};
    struct record **hol;
    size_t n;
    int64_t total;
    if (db_rec_list(db, &res_holidays, &q, a, &hol, &n, &total, err) != 0)
        return err->kind;
    int32_t *days = arena_alloc(a, (n ? n : 1) * sizeof *days);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t d = bizcal_day(val_s(&res_holidays, hol[i], "date"));
        if (d >= 0)
            days[k++] = d;
    }
    c->holidays = days;
    c->n_holidays = k;
    return 0;
}

static int load_policy(struct db *db, struct arena *a, int64_t policy, struct sla_ctx *s,
                       struct err *err)
{
    struct record *r;
    if (db_rec_get(db, &res_sla_policies, policy, a, &r, err) != 0)
        return err->kind;
    s->has_policy = true;
    s->first_response_minutes = val_i(&res_sla_policies, r, "first_response_minutes");
    s->resolution_minutes = val_i(&res_sla_policies, r, "resolution_minutes");
    s->warn_minutes = val_i(&res_sla_policies, r, "warn_before_minutes");
    return load_calendar(db, a, val_i(&res_sla_policies, r, "calendar_id"), &s->cal, err);
}

/* The ticket's current policy, or (when choose) the one its priority/service give. */
static int load_sla(struct db *db, struct arena *a, struct ticket *t, bool choose,
                    struct sla_ctx *s, struct err *err)
{
    memset(s, 0, sizeof *s);
    int64_t policy = choose ? 0 : t->sla_policy_id;
    struct record *r;
    struct err ignore = {0};
    if (choose && t->priority_id &&
        db_rec_get(db, &res_priorities, t->priority_id, a, &r, &ignore) == 0)
        policy = val_i(&res_priorities, r, "sla_policy_id");
    if (choose && !policy &&
        db_rec_get(db, &res_services, t->service_id, a, &r, &ignore) == 0)
        policy = val_i(&res_services, r, "sla_policy_id");
    if (choose)
        t->sla_policy_id = policy;
    if (!policy) {
        always_open(&s->cal);
        return 0;
    }
    return load_policy(db, a, policy, s, err);
}

int svc_sla_init(struct db *db, struct arena *a, struct ticket *t, struct err *err)
{
    struct sla_ctx s;
    if (t->booking) { /* due at its slot (bookings.slot_start), not by an SLA target */
        t->sla_policy_id = t->first_response_due = t->resolution_due = 0;
        return 0;
    }
    if (load_sla(db, a, t, true, &s, err) != 0)
        return err->kind;
    if (!s.has_policy) {
        t->first_response_due = t->resolution_due = 0;
        return 0;
    }
    t->first_response_due = bizcal_due(&s.cal, t->created_at, s.first_response_minutes, 0);
    t->resolution_due =
        bizcal_due(&s.cal, t->created_at, s.resolution_minutes, t->sla_paused_minutes);
    return 0;
}

int svc_sla_refresh(struct db *db, struct arena *a, struct ticket *t, struct err *err)
{
    struct sla_ctx s;
    if (!t->sla_policy_id)
        return 0;
    if (load_sla(db, a, t, false, &s, err) != 0)
        return err->kind;
    if (s.has_policy)
        t->resolution_due =
            bizcal_due(&s.cal, t->created_at, s.resolution_minutes, t->sla_paused_minutes);
    return 0;
}

int svc_sla_minutes(struct db *db, struct arena *a, const struct ticket *t, int64_t from,
                    int64_t to, int64_t *minutes, struct err *err)
{
    struct sla_ctx s;
    if (load_sla(db, a, (struct ticket *)t, false, &s, err) != 0)
        return err->kind;
    *minutes = bizcal_minutes_between(&s.cal, from, to);
    return 0;
}

int svc_sla_warn_minutes(struct db *db, struct arena *a, int64_t policy_id, int64_t *minutes,
                         struct err *err)
{
    struct record *r;
    *minutes = 0;
    if (!policy_id)
        return 0;
    if (db_rec_get(db, &res_sla_policies, policy_id, a, &r, err) != 0)
        return err->kind;
    *minutes = val_i(&res_sla_policies, r, "warn_before_minutes");
    return 0;
}

int svc_sla_workdays(struct db *db, struct arena *a, const struct ticket *t, int64_t from,
                     int64_t to, int64_t *days, struct err *err)
{
    struct sla_ctx s;
    if (load_sla(db, a, (struct ticket *)t, false, &s, err) != 0)
        return err->kind;
    int64_t per_day = s.cal.end_min - s.cal.start_min;
    *days = per_day > 0 ? bizcal_minutes_between(&s.cal, from, to) / per_day : 0;
    return 0;
}

int svc_sla_calendar(struct db *db, struct arena *a, int64_t policy_id, struct bizcal *out,
                     struct err *err)
{
    struct sla_ctx s;
    memset(&s, 0, sizeof s);
    if (!policy_id) {
        always_open(out);
        return 0;
    }
    if (load_policy(db, a, policy_id, &s, err) != 0)
        return err->kind;
    *out = s.cal;
    return 0;
}

int svc_calendar(struct db *db, struct arena *a, int64_t calendar_id, struct bizcal *out,
                 struct err *err)
{
    return load_calendar(db, a, calendar_id, out, err);
}

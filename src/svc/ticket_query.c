/* The ticket-list query parser (ticket_query.h). Before issue #18 the list
** handler (api/tickets.c) and the reports (report/args.c) each parsed the
** same parameters with different rules: an empty channel was an error in
** one and no filter in the other, priority=2 an id in one and an unknown
** code in the other, page=" 5" was page 5. Values are checked by
** core/qarg.c. */
#include "svc/ticket_query.h"
#include "svc/ticket_svc.h"
#include "core/arena.h"
#include "core/qarg.h"
#include "core/resource.h"
#include "core/ticket.h"

#include <string.h>

static const char *const channels[] = {"web", "email", "whatsapp", "phone", "walk_in", NULL};
static const char *const sorts[] = {"created_at", "updated_at", "number", "status",
                                    "priority", "resolution_due", "title", NULL};

/* An empty value is no value. */
static const char *arg(tq_get_fn *get, void *cls, const char *key)
{
    const char *s = get(cls, key);
    return s && *s ? s : NULL;
}

static void statuses(struct ticket_query *q, const char *s, struct arena *a, struct err *err)
{
    size_t cap = sizeof q->statuses / sizeof q->statuses[0];
    char *copy = arena_strdup(a, s), *save = NULL;
    for (char *one = strtok_r(copy, ",", &save); one; one = strtok_r(NULL, ",", &save)) {
        enum ticket_status st;
        if (ticket_status_parse(one, &st) != 0 || q->n_statuses == cap) {
            err_field(err, "status", "status tidak dikenal", "unknown status");
            q->n_statuses = 0;
            return;
        }
        q->statuses[q->n_statuses++] = one;
    }
}

/* A priority by id or by code (svc_priority_find's cached lookup, as ticket
** creation uses): its id, or 0 with a field error when there is none such
** (a store failure is returned). */
static int priority(struct db *db, const char *s, struct arena *a, int64_t *id, struct err *err)
{
    int64_t v;
    struct prio_ref p = qarg_int(s, 1, INT64_MAX, &v)
                            ? (struct prio_ref){.kind = PRIO_ID, .id = v}
                            : (struct prio_ref){.kind = PRIO_CODE, .code = s};
    struct err miss = {0};
    int64_t found = svc_priority_find(db, a, &p, &miss);
    if (miss.kind) {
        *err = miss;
        return miss.kind;
    }
    *id = found > 0 ? found : 0;
    if (!*id)
        err_field(err, "priority", "prioritas tidak dikenal", "unknown priority");
    return 0;
}

/* untagged, uncategorised: "true" filters, "false" (or absent) does not;
** anything else, "1" and "TRUE" included, is a field error as for
** sla_breached. */
static bool flag(tq_get_fn *get, void *cls, const char *key, struct err *err)
{
    const char *s = arg(get, cls, key);
    if (!s || !strcmp(s, "false"))
        return false;
    if (!strcmp(s, "true"))
        return true;
    err_field(err, key, "harus true atau false", "must be true or false");
    return false;
}

/* page and per_page: whole numbers from 1, at most 12 digits (as before). */
static int64_t page_arg(tq_get_fn *get, void *cls, const char *key, int64_t dflt,
                        const char *id_msg, const char *en_msg, struct err *err)
{
    const char *s = get(cls, key);
    int64_t v;
    if (!s)
        return dflt;
    if (!qarg_int(s, 1, 999999999999, &v)) {
        err_field(err, key, id_msg, en_msg);
        return dflt;
    }
    return v;
}

int svc_ticket_query_read(struct db *db, const struct principal *me, tq_get_fn *get, void *cls,
                          int64_t now, bool list, struct arena *a, struct ticket_query *q,
                          struct err *err)
{
    memset(q, 0, sizeof *q);
    q->scope = perm_ticket_scope(me);
    q->sla_breached = -1;
    q->q = arg(get, cls, "q");
    const char *s;
    if ((s = arg(get, cls, "status")))
        statuses(q, s, a, err);
    q->unit_id = qarg_id("unit_id", get(cls, "unit_id"), err);
    q->service_id = qarg_id("service_id", get(cls, "service_id"), err);
    q->category_id = qarg_id("category_id", get(cls, "category_id"), err);
    q->requester_id = qarg_id("requester_id", get(cls, "requester_id"), err);
    s = arg(get, cls, "assignee_id");
    if (s && !strcmp(s, "me"))
        q->assignee_id = me ? me->id : 0;
    else if (s && !strcmp(s, "none"))
        q->unassigned = true;
    else
        q->assignee_id = qarg_id("assignee_id", s, err);
    q->tier = qarg_tier(get(cls, "tier"), err);
    if ((q->channel = arg(get, cls, "channel")) && !qarg_one_of(q->channel, channels)) {
        err_field(err, "channel", "kanal tidak dikenal", "unknown channel");
        q->channel = NULL;
    }
    q->tag = arg(get, cls, "tag");
    q->created_from = qarg_utc_time("created_from", get(cls, "created_from"), err);
    q->created_to = qarg_utc_time("created_to", get(cls, "created_to"), err);
    if ((s = arg(get, cls, "sla_breached"))) {
        q->sla_breached = !strcmp(s, "true") ? 1 : !strcmp(s, "false") ? 0 : -1;
        if (q->sla_breached < 0)
            err_field(err, "sla_breached", "harus true atau false", "must be true or false");
    }
    q->due_before = qarg_due_before(get(cls, "due_within_minutes"), now, err);
    q->untagged = flag(get, cls, "untagged", err);
    q->uncategorised = flag(get, cls, "uncategorised", err);
    if ((s = arg(get, cls, "priority")) && priority(db, s, a, &q->priority_id, err) != 0)
        return err->kind;
    if (!list)
        return 0;
    q->page = page_arg(get, cls, "page", 1, "harus bilangan bulat ≥ 1", "must be an integer ≥ 1",
                       err);
    q->per_page = page_arg(get, cls, "per_page", TQ_PER_PAGE_DEFAULT, "harus bilangan bulat 1–200",
                           "must be an integer 1–200", err);
    if (q->per_page > TQ_PER_PAGE_MAX)
        q->per_page = TQ_PER_PAGE_MAX;
    q->sort = "created_at";
    q->sort_desc = true;
    if ((s = get(cls, "sort"))) {
        q->sort_desc = s[0] == '-';
        q->sort = s + q->sort_desc;
        if (!qarg_one_of(q->sort, sorts)) {
            err_field(err, "sort", "kolom urutan tidak dikenal", "unknown sort field");
            q->sort = "created_at";
            q->sort_desc = true;
        }
    }
    return 0;
}

/* Staff editing a ticket (svc/ticket_svc.h): title, description, priority,
** service, category, contact and tags, each change a timeline event. A
** version guards against overwriting another agent's change (409
** ticket.stale); a new priority or service may bring another SLA policy. */
#include "svc/ticket_svc.h"
#include "core/arena.h"
#include "svc/svc.h"

#include <stdio.h>
#include <string.h>

static int changed_text(struct db *db, const struct actor *who, struct arena *a,
                        struct ticket *t, const struct edit_value *v, const char *key,
                        size_t min, size_t max, const char **slot, struct err *err)
{
    if (!v->given)
        return 0;
    if (v->null && min == 0) {
        if (*slot && svc_ticket_event(db, t, who->now, who->user->p.id, "field", key, *slot,
                                      NULL, NULL, false, err) != 0)
            return err->kind;
        *slot = NULL;
        return 0;
    }
    if (!v->s || v->len < min || v->len > max)
        return err_invalid(err, key, "panjang atau jenis tidak valid", "wrong type or length");
    const char *nv = arena_strdup(a, v->s);
    if (*slot && !strcmp(*slot, nv))
        return 0;
    if (svc_ticket_event(db, t, who->now, who->user->p.id, "field", key, *slot, nv, NULL, false,
                         err) != 0)
        return err->kind;
    *slot = nv;
    return 0;
}

static int changed_ref(struct db *db, const struct actor *who, struct arena *a,
                       struct ticket *t, const struct edit_value *v, const char *key,
                       const struct resource *res, int64_t *slot, struct err *err)
{
    if (!v->given)
        return 0;
    int64_t id = 0;
    if (!v->null) {
        struct record *r;
        if (v->bad || db_rec_get(db, res, v->i, a, &r, err) != 0) {
            err_clear(err);
            return err_invalid(err, key, "tidak ditemukan", "does not exist");
        }
        id = r->id;
    } else if (res == &res_services) {
        return err_invalid(err, key, "wajib diisi", "is required");
    }
    if (id == *slot)
        return 0;
    char o[24] = "", n[24] = "";
    if (*slot)
        snprintf(o, sizeof o, "%lld", (long long)*slot);
    if (id)
        snprintf(n, sizeof n, "%lld", (long long)id);
    if (svc_ticket_event(db, t, who->now, who->user->p.id, "field", key, o[0] ? o : NULL,
                         n[0] ? n : NULL, NULL, false, err) != 0)
        return err->kind;
    *slot = id;
    return 0;
}

/* tags: names of existing tags; replaces the set. */
static int set_tags(struct db *db, const struct actor *who, struct arena *a, struct ticket *t,
                    const struct ticket_edit *in, struct err *err)
{
    if (in->tags_bad || in->n_tags > 20)
        return err_invalid(err, "tags", "harus daftar nama label (maks. 20)",
                           "must be a list of tag names (at most 20)");
    size_t n = in->n_tags;
    int64_t *ids = arena_alloc(a, (n ? n : 1) * sizeof *ids);
    char *names = arena_alloc(a, n * 66 + 1);
    for (size_t i = 0; i < n; i++) {
        const char *v = in->tags[i];
        struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 1, .n_filters = 0,
                              .q = NULL};
        struct record **items;
        size_t found = 0;
        int64_t total;
        if (v) {
            q.n_filters = 1;
            q.filters[0].field = resource_field(&res_tags, "name");
            q.filters[0].val = (struct value){.set = true, .s = v};
            if (db_rec_list(db, &res_tags, &q, a, &items, &found, &total, err) != 0)
                return err->kind;
        }
        if (!found)
            return err_invalid(err, "tags", "label tidak dikenal", "unknown tag");
        ids[i] = items[0]->id;
        strcat(names, i ? "," : "");
        strncat(names, v, 64);
    }
    if (db_ticket_set_tags(db, t->id, ids, n, err) != 0 ||
        svc_ticket_event(db, t, who->now, who->user->p.id, "tags", "tags", NULL, names, NULL,
                         false, err) != 0)
        return err->kind;
    return 0;
}

int svc_ticket_edit(struct db *db, const struct actor *who, struct arena *a, const char *number,
                    const struct ticket_edit *in, struct ticket **out, struct err *err)
{
    struct ticket *t;
    if (svc_ticket_load(db, who, a, number, &t, err) != 0)
        return err->kind;
    struct perm_obj o = svc_ticket_perm_obj(t);
    if (!perm_can(&who->user->p, ACT_TICKET_EDIT, &o))
        return err_set(err, ERR_FORBIDDEN, "ticket.forbidden",
                       "Anda tidak berhak mengubah tiket ini", "you may not edit this ticket");
    if (in->version_given && (in->version_bad || in->version != t->version))
        return err_set(err, ERR_CONFLICT, "ticket.stale",
                       "tiket telah diubah orang lain sejak Anda membukanya; muat ulang",
                       "the ticket was changed by someone else since you opened it; reload");
    for (size_t i = 0; i < in->n_unknown; i++)
        err_field(err, in->unknown[i], "tidak dapat diubah di sini", "cannot be changed here");
    if (err->n_fields)
        return err_set(err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
    struct edit_value prio = in->priority_id;
    if (in->priority_code) {
        /* accept the code as API.md shows it */
        struct prio_ref p = {.kind = PRIO_CODE, .code = in->priority_code};
        int64_t id = svc_priority_find(db, a, &p, err);
        if (id < 0)
            return err->kind ? err->kind
                             : err_invalid(err, "priority", "prioritas tidak dikenal",
                                           "unknown priority");
        prio = (struct edit_value){.given = true, .i = id};
    }
    int64_t old_priority = t->priority_id, old_service = t->service_id;
    if (changed_text(db, who, a, t, &in->title, "title", 1, 200, &t->title, err) != 0 ||
        changed_text(db, who, a, t, &in->description, "description", 1, 20000, &t->description,
                     err) != 0 ||
        changed_text(db, who, a, t, &in->contact_name, "contact_name", 0, 200, &t->contact_name,
                     err) != 0 ||
        changed_text(db, who, a, t, &in->contact_phone, "contact_phone", 0, 32,
                     &t->contact_phone, err) != 0 ||
        changed_ref(db, who, a, t, &prio, "priority_id", &res_priorities, &t->priority_id,
                    err) != 0 ||
        changed_ref(db, who, a, t, &in->service_id, "service_id", &res_services, &t->service_id,
                    err) != 0 ||
        changed_ref(db, who, a, t, &in->category_id, "category_id", &res_categories,
                    &t->category_id, err) != 0 ||
        (in->tags_given && set_tags(db, who, a, t, in, err) != 0))
        return err->kind;
    /* A new priority or service may bring another SLA policy. */
    if ((t->priority_id != old_priority || t->service_id != old_service) &&
        svc_sla_init(db, a, t, err) != 0)
        return err->kind;
    t->updated_at = who->now;
    if (db_ticket_save(db, t, err) != 0 ||
        svc_notify(db, a, who->cfg, t, "ticket_changed", t->requester_id, NULL, err) != 0 ||
        db_ticket_get(db, t->number, a, out, err) != 0)
        return err->kind;
    return 0;
}

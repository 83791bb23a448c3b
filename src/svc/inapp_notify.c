/* Who hears of a ticket event in the app (see svc/inapp_notify.h). The
** store coalesces unread rows, so a busy ticket is one line in the bell. */
#include "svc/inapp_notify.h"
#include "core/arena.h"
#include "store/inapp.h"
#include "svc/svc.h"

#include <stdlib.h>
#include <string.h>

/* uid hears `what` unless it is the actor or may not see it. The arena is
** the caller's short-lived one: user rows are read only for the check. */
static int tell(struct db *db, struct arena *a, const struct ticket *t, int64_t uid,
                int64_t actor, const char *what, const char *detail, bool internal,
                int64_t at, struct err *err)
{
    if (uid <= 0 || uid == actor)
        return 0;
    struct user_auth u;
    struct err ignore = {0};
    if (db_user_by_id(db, uid, a, &u, &ignore) != 0 || !u.p.active)
        return 0; /* gone or switched off: nobody to tell */
    /* The tightest reading of the requester setting: a requester hears only
    ** of tickets that are theirs (the owner passes it either way). */
    u.p.own_only = true;
    struct perm_obj o = svc_ticket_perm_obj(t);
    if (!perm_can(&u.p, ACT_TICKET_VIEW, &o) ||
        (internal && !perm_can(&u.p, ACT_TICKET_VIEW_INTERNAL, &o)))
        return 0;
    struct inapp_note n = {.user_id = uid, .ticket_id = t->id, .kind = what, .actor_id = actor,
                           .detail = detail, .created_at = at};
    return db_inapp_add(db, &n, err);
}

static _Thread_local bool quiet;

void svc_inapp_quiet(bool on)
{
    quiet = on;
}

int svc_inapp_on_event(struct db *db, const struct ticket *t, int64_t at, int64_t actor,
                       const char *kind, const char *field, const char *new_value,
                       bool internal, struct err *err)
{
    /* a rule's assignment is recorded as the rule's own event */
    bool assigned = !strcmp(kind, "assigned") ||
                    (!strcmp(kind, "automation") && field && !strcmp(field, "assign")),
         comment = !strcmp(kind, "comment"),
         note = !strcmp(kind, "note"), status = !strcmp(kind, "status") && !quiet;
    if (!assigned && !comment && !note && !status)
        return 0; /* the common case (created, channel, field ...): nothing read */
    struct arena *a = arena_new();
    int rc = 0;
    if (assigned && new_value)
        rc = tell(db, a, t, strtoll(new_value, NULL, 10), actor, "assigned", NULL, false, at,
                  err);
    else if (comment || status) {
        const char *what = comment ? "reply" : "status", *detail = status ? new_value : NULL;
        rc = tell(db, a, t, t->requester_id, actor, what, detail, false, at, err);
        if (rc == 0 && t->assignee_id != t->requester_id)
            rc = tell(db, a, t, t->assignee_id, actor, what, detail, false, at, err);
    } else if (note)
        rc = tell(db, a, t, t->assignee_id, actor, "note", NULL, internal, at, err);
    arena_free(a);
    return rc;
}

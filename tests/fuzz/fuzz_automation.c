/* libFuzzer target for the automation rule reader (svc/automation_parse.c,
** issue #22 item 1): any bytes as an admin's rule body. The syntax step
** needs no database, so it runs here alone. A rule that passes has at most
** AUTO_MAX_ACTIONS actions, and the row it would store reads back
** (auto_read_row, what the engine compiles) into the same rule: what was
** accepted when saved is what runs. A rule that fails is 422 with a stable
** code and, past the body's shape, exactly one field named. */
#include "core/arena.h"
#include "svc/automation_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same(const struct auto_rule *x, const struct auto_rule *y)
{
    if (x->trigger != y->trigger || x->events != y->events || x->timing != y->timing ||
        x->timing_n != y->timing_n || x->n_actions != y->n_actions ||
        x->cond.services.n != y->cond.services.n || x->cond.n_channels != y->cond.n_channels ||
        x->cond.n_statuses != y->cond.n_statuses || x->cond.n_tags != y->cond.n_tags ||
        x->cond.n_words != y->cond.n_words || x->cond.rating_max != y->cond.rating_max ||
        x->cond.rating_min != y->cond.rating_min ||
        x->cond.outside_hours != y->cond.outside_hours ||
        x->cond.calendar_id != y->cond.calendar_id)
        abort();
    for (size_t i = 0; i < x->n_actions; i++) {
        const struct auto_action *p = &x->actions[i], *q = &y->actions[i];
        if (p->kind != q->kind || p->id != q->id || p->unit_id != q->unit_id ||
            p->mode != q->mode || p->to != q->to || p->tier != q->tier ||
            p->tags.n != q->tags.n || !p->text != !q->text ||
            (p->text && strcmp(p->text, q->text)))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *body = json_loadb((const char *)data, size, 0, NULL);
    if (!body)
        return 0;
    struct arena *a = arena_new();
    struct err err = {0};
    struct auto_rule_row row = {0};
    struct auto_rule *rule = NULL;
    if (svc_automation_read(a, body, &row, &rule, &err) == 0) {
        if (!rule || !row.name || !row.kind || !row.events || !row.timing || !row.conditions ||
            !row.actions || !rule->n_actions || rule->n_actions > AUTO_MAX_ACTIONS ||
            strlen(row.name) > 200 || (rule->trigger && !rule->events))
            abort();
        struct auto_rule back;
        struct err e2 = {0};
        if (auto_read_row(a, &row, &back, &e2) != 0)
            abort();
        same(rule, &back);
    } else {
        bool stable = !strcmp(err.code, "validation") || !strncmp(err.code, "automation.bad_", 15);
        if (err.kind != ERR_INVALID || !stable || err.n_fields > 1 ||
            (json_is_object(body) && err.n_fields != 1))
            abort();
    }
    arena_free(a);
    json_decref(body);
    return 0;
}

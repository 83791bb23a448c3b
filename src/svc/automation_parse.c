/* An automation rule's syntax, read without a database (issue #22 item 1):
** the API's body (svc_automation_read) and a stored row (auto_read_row) go
** through the same reader, so what was accepted when saved is what runs.
** Ids are only checked to be positive integers here; whether they exist,
** tag ids, a canned response's text and a calendar are filled in by the
** reference step in automation_rule.c (svc_automation_resolve). Kept free of the
** store so tests/fuzz/fuzz_automation.c can run it on any bytes. Errors are
** 422 with a stable code per part (automation.bad_condition, .bad_action,
** .bad_event, .bad_timing) and the field named, e.g. "conditions.words". */
#include "core/arena.h"
#include "svc/automation_int.h"
#include "svc/ticket_svc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int auto_bad(struct err *err, const char *code, const char *field, const char *msg_id,
             const char *msg_en)
{
    err_clear(err);
    err_set(err, ERR_INVALID, code, "aturan otomatis tidak valid", "invalid automation rule");
    err_field(err, field, msg_id, msg_en);
    return ERR_INVALID;
}

int auto_bad_cond(struct err *err, const char *key, const char *msg_id, const char *msg_en)
{
    char f[64];
    snprintf(f, sizeof f, "conditions.%.30s", key);
    return auto_bad(err, "automation.bad_condition", f, msg_id, msg_en);
}

int auto_bad_act(struct err *err, size_t i, const char *key, const char *msg_id,
                 const char *msg_en)
{
    char f[64];
    snprintf(f, sizeof f, "actions[%zu].%.30s", i % 100, key);
    return auto_bad(err, "automation.bad_action", f, msg_id, msg_en);
}

/* A reference's id: a positive integer (existence is svc_automation_resolve's). */
static bool ref_id(json_t *v, int64_t *out)
{
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return false;
    *out = json_integer_value(v);
    return true;
}

static int ids(json_t *v, const char *key, struct auto_ids *out, struct err *err)
{
    if (!v)
        return 0;
    if (!json_is_array(v) || json_array_size(v) > AUTO_MAX_REFS)
        return auto_bad_cond(err, key, "harus daftar id (maks. 16)",
                             "must be a list of ids (at most 16)");
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
        if (!ref_id(x, &out->v[out->n]))
            return auto_bad_cond(err, key, "id tidak ditemukan", "id does not exist");
        out->n++;
    }
    return 0;
}

static const char *short_text(json_t *x, size_t max)
{
    const char *s = json_string_value(x);
    return s && *s && strlen(s) <= max ? s : NULL;
}

static int texts(struct arena *a, json_t *v, const char *key, size_t max_n, size_t max_len,
                 bool lower, const char **out, size_t *n, struct err *err)
{
    if (!v)
        return 0;
    if (!json_is_array(v) || json_array_size(v) > max_n)
        return auto_bad_cond(err, key, "harus daftar teks", "must be a list of texts");
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
        const char *s = short_text(x, max_len);
        if (!s)
            return auto_bad_cond(err, key, "teks kosong atau terlalu panjang", "empty or too long");
        char *c = arena_strdup(a, s);
        for (char *p = c; lower && *p; p++)
            *p = (char)tolower((unsigned char)*p);
        out[(*n)++] = c;
    }
    return 0;
}

static const char *const cond_keys[] = {
    "service_ids", "category_ids", "unit_ids", "priority_ids", "requester_ids", "channels",
    "statuses", "tags", "words", "rating_max", "rating_min", "outside_hours", "calendar_id",
};

static int read_conditions(struct arena *a, json_t *c, struct auto_cond *out, struct err *err)
{
    if (!c)
        return 0;
    if (!json_is_object(c))
        return auto_bad(err, "automation.bad_condition", "conditions", "wajib berupa objek",
                        "must be an object");
    const char *k;
    json_t *v;
    json_object_foreach(c, k, v) {
        bool known = false;
        for (size_t i = 0; i < sizeof cond_keys / sizeof *cond_keys; i++)
            known |= !strcmp(k, cond_keys[i]);
        if (!known)
            return auto_bad_cond(err, "", "syarat tidak dikenal", "unknown condition");
    }
    if (ids(json_object_get(c, "service_ids"), "service_ids", &out->services, err) != 0 ||
        ids(json_object_get(c, "category_ids"), "category_ids", &out->categories, err) != 0 ||
        ids(json_object_get(c, "unit_ids"), "unit_ids", &out->units, err) != 0 ||
        ids(json_object_get(c, "priority_ids"), "priority_ids", &out->priorities, err) != 0 ||
        ids(json_object_get(c, "requester_ids"), "requester_ids", &out->requesters, err) != 0 ||
        texts(a, json_object_get(c, "channels"), "channels", 8, 32, false, out->channels,
              &out->n_channels, err) != 0 ||
        texts(a, json_object_get(c, "words"), "words", AUTO_MAX_WORDS, 64, true, out->words,
              &out->n_words, err) != 0 ||
        texts(a, json_object_get(c, "tags"), "tags", AUTO_MAX_REFS, 64, false, out->tags,
              &out->n_tags, err) != 0)
        return err->kind;
    for (size_t i = 0; i < out->n_channels; i++) {
        bool known = false;
        for (const char *const *ch = svc_ticket_channels; *ch; ch++)
            known |= !strcmp(*ch, out->channels[i]);
        if (!known)
            return auto_bad_cond(err, "channels", "kanal tidak dikenal", "unknown channel");
    }
    json_t *st = json_object_get(c, "statuses");
    if (st) {
        size_t i;
        json_t *x;
        if (!json_is_array(st) || json_array_size(st) > TS_COUNT)
            return auto_bad_cond(err, "statuses", "harus daftar status",
                                 "must be a list of statuses");
        json_array_foreach(st, i, x) {
            enum ticket_status s;
            if (ticket_status_parse(json_string_value(x), &s) != 0)
                return auto_bad_cond(err, "statuses", "status tidak dikenal", "unknown status");
            out->statuses[out->n_statuses++] = ticket_status_name(s);
        }
    }
    static const char *const ratings[] = {"rating_max", "rating_min"};
    for (int i = 0; i < 2; i++) {
        json_t *r = json_object_get(c, ratings[i]);
        if (!r)
            continue;
        if (!json_is_integer(r) || json_integer_value(r) < 1 || json_integer_value(r) > 5)
            return auto_bad_cond(err, ratings[i], "harus 1 sampai 5", "must be 1 to 5");
        *(i ? &out->rating_min : &out->rating_max) = (int)json_integer_value(r);
    }
    json_t *oh = json_object_get(c, "outside_hours");
    if (oh) {
        if (!json_is_boolean(oh))
            return auto_bad_cond(err, "outside_hours", "harus true atau false",
                                 "must be true or false");
        out->outside_hours = json_is_true(oh) ? 1 : -1;
        json_t *cal = json_object_get(c, "calendar_id");
        out->calendar_id = 1;
        if (cal && !ref_id(cal, &out->calendar_id))
            return auto_bad_cond(err, "calendar_id", "kalender tidak ditemukan",
                                 "calendar does not exist");
    }
    return 0;
}

static int read_action(struct arena *a, json_t *x, size_t i, struct auto_action *o,
                       struct err *err)
{
    const char *type = json_string_value(json_object_get(x, "type"));
    if (!json_is_object(x) || !type)
        return auto_bad_act(err, i, "type", "jenis tindakan wajib diisi",
                            "the action type is required");
    json_t *uid = json_object_get(x, "user_id"), *unit = json_object_get(x, "unit_id");
    if (!strcmp(type, "assign")) {
        o->kind = AA_ASSIGN;
        if (uid) {
            if (!ref_id(uid, &o->id))
                return auto_bad_act(err, i, "user_id", "petugas tidak ditemukan",
                                    "agent does not exist");
            o->mode = AM_USER;
            return 0;
        }
        const char *mode = json_string_value(json_object_get(x, "mode"));
        if (!ref_id(unit, &o->unit_id))
            return auto_bad_act(err, i, "unit_id", "isi user_id, atau unit_id dengan mode",
                                "give user_id, or unit_id with a mode");
        if (!mode || (strcmp(mode, "round_robin") && strcmp(mode, "least_loaded")))
            return auto_bad_act(err, i, "mode", "round_robin atau least_loaded",
                                "round_robin or least_loaded");
        o->mode = !strcmp(mode, "round_robin") ? AM_ROUND_ROBIN : AM_LEAST_LOADED;
        return 0;
    }
    if (!strcmp(type, "set_priority")) {
        o->kind = AA_PRIORITY;
        if (!ref_id(json_object_get(x, "priority_id"), &o->id))
            return auto_bad_act(err, i, "priority_id", "prioritas tidak ditemukan",
                                "priority does not exist");
        return 0;
    }
    if (!strcmp(type, "set_status")) {
        o->kind = AA_STATUS;
        if (ticket_status_parse(json_string_value(json_object_get(x, "status")), &o->status) != 0 ||
            o->status == TS_NEW || o->status == TS_CLOSED)
            return auto_bad_act(err, i, "status", "status tidak dikenal atau tidak boleh",
                                "unknown or not allowed status");
        const char *key = o->status == TS_RESOLVED ? "summary" : "reason";
        o->text = short_text(json_object_get(x, key), 2000);
        if ((o->status == TS_RESOLVED || o->status == TS_CANCELLED) && !o->text)
            return auto_bad_act(err, i, key, "wajib diisi", "is required");
        if (o->text)
            o->text = arena_strdup(a, o->text);
        return 0;
    }
    if (!strcmp(type, "add_tags")) {
        json_t *tags = json_object_get(x, "tags"), *t;
        size_t k;
        o->kind = AA_TAGS;
        if (!json_is_array(tags) || !json_array_size(tags) || json_array_size(tags) > AUTO_MAX_REFS)
            return auto_bad_act(err, i, "tags", "harus daftar nama label",
                                "must be a list of tag names");
        char *names = arena_alloc(a, json_array_size(tags) * 66 + 1);
        json_array_foreach(tags, k, t) {
            const char *name = short_text(t, 64);
            if (!name)
                return auto_bad_act(err, i, "tags", "label tidak dikenal", "unknown tag");
            o->tag_list[o->tags.n++] = arena_strdup(a, name);
            strcat(names, k ? "," : "");
            strcat(names, name);
        }
        o->tag_names = names;
        return 0;
    }
    if (!strcmp(type, "escalate") || !strcmp(type, "follow_up")) {
        json_t *tier = json_object_get(x, "tier");
        o->kind = !strcmp(type, "escalate") ? AA_ESCALATE : AA_FOLLOW_UP;
        o->tier = tier ? (int)json_integer_value(tier) : (o->kind == AA_ESCALATE ? 2 : 0);
        if (tier && (!json_is_integer(tier) || o->tier < 1 || o->tier > 3))
            return auto_bad_act(err, i, "tier", "tingkat 1 sampai 3", "tier 1 to 3");
        if (unit && !ref_id(unit, &o->unit_id))
            return auto_bad_act(err, i, "unit_id", "unit tidak ditemukan", "unit does not exist");
        return 0;
    }
    if (!strcmp(type, "reply")) {
        o->kind = AA_REPLY;
        if (!ref_id(json_object_get(x, "canned_response_id"), &o->id))
            return auto_bad_act(err, i, "canned_response_id", "templat balasan tidak ditemukan",
                                "canned response does not exist");
        return 0;
    }
    if (!strcmp(type, "notify")) {
        static const char *const to[] = {"requester", "assignee", "admins", "user"};
        const char *t = json_string_value(json_object_get(x, "to"));
        o->kind = AA_NOTIFY;
        o->to = AN_USER + 1;
        for (int k = 0; t && k < 4; k++)
            if (!strcmp(t, to[k]))
                o->to = (enum auto_notify_to)k;
        if (o->to > AN_USER)
            return auto_bad_act(err, i, "to", "requester, assignee, admins atau user",
                                "requester, assignee, admins or user");
        if (o->to == AN_USER && !ref_id(uid, &o->id))
            return auto_bad_act(err, i, "user_id", "pengguna tidak ditemukan",
                                "user does not exist");
        o->text = short_text(json_object_get(x, "message"), 2000);
        if (!o->text)
            return auto_bad_act(err, i, "message", "wajib diisi (maks. 2000)",
                                "is required (at most 2000)");
        o->text = arena_strdup(a, o->text);
        return 0;
    }
    return auto_bad_act(err, i, "type", "jenis tindakan tidak dikenal", "unknown action type");
}

static const char *const event_names[] = {"created", "updated", "commented", "status", "rated"};

static int read_rule(struct arena *a, bool trigger, json_t *events, json_t *timing, json_t *cond,
                     json_t *actions, struct auto_rule *out, struct err *err)
{
    out->trigger = trigger;
    if (trigger) {
        size_t i;
        json_t *x;
        if (!json_is_array(events) || !json_array_size(events))
            return auto_bad(err, "automation.bad_event", "events", "pilih minimal satu kejadian",
                            "choose at least one event");
        json_array_foreach(events, i, x) {
            unsigned bit = 0;
            for (unsigned k = 0; k < 5; k++)
                if (json_is_string(x) && !strcmp(json_string_value(x), event_names[k]))
                    bit = 1u << k;
            if (!bit)
                return auto_bad(err, "automation.bad_event", "events", "kejadian tidak dikenal",
                                "unknown event");
            out->events |= bit;
        }
    } else {
        static const char *const kinds[] = {"waiting_days", "unassigned_minutes", "before_breach"};
        const char *type = json_string_value(json_object_get(timing, "type"));
        for (int k = 0; type && k < 3; k++)
            if (!strcmp(type, kinds[k]))
                out->timing = (enum auto_timing)(k + 1);
        if (out->timing == AT_NONE)
            return auto_bad(err, "automation.bad_timing", "timing.type",
                            "waiting_days, unassigned_minutes atau before_breach",
                            "waiting_days, unassigned_minutes or before_breach");
        json_t *n = json_object_get(timing, out->timing == AT_WAITING_DAYS ? "days" : "minutes");
        out->timing_n = json_is_integer(n) ? json_integer_value(n) : 0;
        if (out->timing_n < 1 || out->timing_n > 100000)
            return auto_bad(err, "automation.bad_timing",
                            out->timing == AT_WAITING_DAYS ? "timing.days" : "timing.minutes",
                            "wajib bilangan 1 sampai 100000", "must be a number from 1 to 100000");
    }
    if (read_conditions(a, cond, &out->cond, err) != 0)
        return err->kind;
    if (!json_is_array(actions) || !json_array_size(actions) ||
        json_array_size(actions) > AUTO_MAX_ACTIONS)
        return auto_bad(err, "automation.bad_action", "actions", "1 sampai 8 tindakan",
                        "1 to 8 actions");
    size_t i;
    json_t *x;
    json_array_foreach(actions, i, x) {
        if (read_action(a, x, i, &out->actions[i], err) != 0)
            return err->kind;
    }
    out->n_actions = json_array_size(actions);
    return 0;
}

static json_t *load(const char *s)
{
    return s ? json_loads(s, 0, NULL) : NULL;
}

int auto_read_row(struct arena *a, const struct auto_rule_row *row, struct auto_rule *out,
                  struct err *err)
{
    memset(out, 0, sizeof *out);
    out->id = row->id;
    out->name = arena_strdup(a, row->name);
    bool trigger = !strcmp(row->kind, "trigger");
    json_t *ev = json_array();
    char *evs = arena_strdup(a, row->events ? row->events : "");
    for (char *save = NULL, *p = strtok_r(evs, ",", &save); p; p = strtok_r(NULL, ",", &save))
        json_array_append_new(ev, json_string(p));
    json_t *tm = load(row->timing), *c = load(row->conditions), *ac = load(row->actions);
    int rc = read_rule(a, trigger, ev, tm, c, ac, out, err);
    json_decref(ev);
    json_decref(tm);
    json_decref(c);
    json_decref(ac);
    return rc;
}

static char *dump(struct arena *a, json_t *v, const char *dflt)
{
    if (!v)
        return arena_strdup(a, dflt);
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    char *out = arena_strdup(a, s ? s : dflt);
    free(s);
    return out;
}

int svc_automation_read(struct arena *a, json_t *body, struct auto_rule_row *r,
                        struct auto_rule **rule, struct err *err)
{
    if (!json_is_object(body))
        return err_set(err, ERR_INVALID, "validation", "data tidak valid", "invalid data");
    const char *name = json_string_value(json_object_get(body, "name"));
    if (!name || !*name || strlen(name) > 200)
        return auto_bad(err, "validation", "name", "wajib diisi (maks. 200)",
                        "is required (at most 200)");
    const char *kind = json_string_value(json_object_get(body, "kind"));
    if (!kind)
        kind = "trigger";
    if (strcmp(kind, "trigger") && strcmp(kind, "time"))
        return auto_bad(err, "validation", "kind", "trigger atau time", "trigger or time");
    json_t *en = json_object_get(body, "enabled");
    if (en && !json_is_boolean(en))
        return auto_bad(err, "validation", "enabled", "harus true atau false",
                        "must be true or false");
    struct auto_rule *tmp = arena_alloc(a, sizeof *tmp);
    memset(tmp, 0, sizeof *tmp);
    bool trigger = !strcmp(kind, "trigger");
    json_t *ev = json_object_get(body, "events"), *tm = json_object_get(body, "timing"),
           *c = json_object_get(body, "conditions"), *ac = json_object_get(body, "actions");
    if (read_rule(a, trigger, ev, tm, c, ac, tmp, err) != 0)
        return err->kind;
    r->name = tmp->name = arena_strdup(a, name);
    r->kind = trigger ? "trigger" : "time";
    r->enabled = !en || json_is_true(en);
    char *evs = arena_alloc(a, 64);
    for (unsigned k = 0; trigger && k < 5; k++)
        if (tmp->events & (1u << k)) {
            strcat(evs, *evs ? "," : "");
            strcat(evs, event_names[k]);
        }
    r->events = evs;
    r->timing = trigger ? "{}" : dump(a, tm, "{}");
    r->conditions = dump(a, c, "{}");
    r->actions = dump(a, ac, "[]");
    *rule = tmp;
    return 0;
}

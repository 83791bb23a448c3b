/* Schedules of appointment services: reading one from the API's PUT body
** with every rule of API.md, showing it, and loading a service with its
** schedule and business calendar for svc/booking.c. */
#include "svc/booking.h"
#include "svc/booking_ctx_cache.h"
#include "core/arena.h"
#include "core/form.h"
#include "core/qarg.h"
#include "core/resource.h"
#include "svc/svc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t rec_i(const struct resource *res, const struct record *r, const char *f)
{
    const struct value *v = &r->v[resource_field(res, f)];
    return v->null ? 0 : v->i;
}

static const char *rec_s(const struct resource *res, const struct record *r, const char *f)
{
    const struct value *v = &r->v[resource_field(res, f)];
    return v->null ? NULL : v->s;
}

static int int_member(json_t *body, const char *key, int min, int max, int def, int *out,
                      struct err *err)
{
    json_t *v = json_object_get(body, key);
    if (!v || json_is_null(v)) {
        *out = def;
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        char id[96], en[96];
        snprintf(id, sizeof id, "harus bilangan bulat %d sampai %d", min, max);
        snprintf(en, sizeof en, "must be a whole number from %d to %d", min, max);
        err_field(err, key, id, en);
        return -1;
    }
    *out = (int)json_integer_value(v);
    return 0;
}

int booking_schedule_calendar(struct db *db, struct arena *a, const struct schedule *s,
                              int64_t *calendar_id, struct err *err)
{
    struct record *r;
    *calendar_id = s->calendar_id;
    if (*calendar_id)
        return 0;
    if (db_rec_get(db, &res_services, s->service_id, a, &r, err) != 0)
        return err->kind;
    int64_t policy = rec_i(&res_services, r, "sla_policy_id");
    if (policy && db_rec_get(db, &res_sla_policies, policy, a, &r, err) != 0)
        return err->kind;
    *calendar_id = policy ? rec_i(&res_sla_policies, r, "calendar_id") : 0;
    if (!*calendar_id)
        return err_invalid(err, "calendar_id",
                           "pilih kalender kerja: layanan ini tidak punya kalender lewat kebijakan SLA",
                           "choose a business calendar: the service has none through an SLA policy");
    return 0;
}

int booking_schedule_parse(struct db *db, struct arena *a, int64_t service_id, json_t *body,
                           struct schedule *out, struct err *err)
{
    struct record *svc;
    *out = (struct schedule){.service_id = service_id};
    if (db_rec_get(db, &res_services, service_id, a, &svc, err) != 0)
        return err->kind;
    const char *kind = rec_s(&res_services, svc, "kind");
    if (!kind || strcmp(kind, "appointment") != 0)
        return err_invalid(err, "service_id", "hanya layanan jenis appointment yang berjadwal",
                           "only services of kind appointment have schedules");
    static const char *const modes[] = {"self_booking", "staff_scheduled", NULL};
    out->mode = json_string_value(json_object_get(body, "mode"));
    if (!qarg_one_of(out->mode, modes))
        err_field(err, "mode", "harus self_booking atau staff_scheduled",
                  "must be self_booking or staff_scheduled");
    int_member(body, "slot_minutes", 5, 480, -1, &out->slot_minutes, err);
    if (out->slot_minutes == -1)
        err_field(err, "slot_minutes", "wajib diisi (5 sampai 480)", "required (5 to 480)");
    int_member(body, "capacity_per_slot", 0, 1000, 0, &out->capacity_per_slot, err);
    int_member(body, "daily_quota", 0, 10000, 0, &out->daily_quota, err);
    if (!out->capacity_per_slot && !out->daily_quota)
        err_field(err, "capacity_per_slot", "isi kapasitas per slot dan/atau kuota harian",
                  "give a capacity per slot and/or a daily quota");
    json_t *url = json_object_get(body, "meeting_url_base");
    if (url && !json_is_null(url)) {
        const char *u = json_string_value(url);
        if (!u || strlen(u) > 300 || (strncmp(u, "https://", 8) && strncmp(u, "http://", 7)) ||
            strpbrk(u, " \t\r\n\"<>"))
            err_field(err, "meeting_url_base", "harus alamat http(s) tanpa spasi",
                      "must be an http(s) address without spaces");
        else
            out->meeting_url_base = arena_strdup(a, u);
    }
    json_t *cal = json_object_get(body, "calendar_id");
    if (cal && !json_is_null(cal)) {
        struct record *r;
        struct err e2 = {0};
        if (!json_is_integer(cal) ||
            db_rec_get(db, &res_calendars, json_integer_value(cal), a, &r, &e2) != 0)
            err_field(err, "calendar_id", "kalender tidak ditemukan", "calendar not found");
        else
            out->calendar_id = r->id;
    }
    json_t *form = form_parse(json_object_get(body, "form_fields"), err);
    if (form) {
        char *text = json_dumps(form, JSON_COMPACT);
        out->form_fields = arena_strdup(a, text ? text : "[]");
        free(text);
        json_decref(form);
    }
    json_t *staff = json_object_get(body, "staff_ids");
    if (staff && !json_is_null(staff)) {
        if (!json_is_array(staff) || json_array_size(staff) > 200) {
            err_field(err, "staff_ids", "harus daftar id pengguna", "must be a list of user ids");
        } else {
            out->staff_ids = arena_alloc(a, (json_array_size(staff) + 1) * sizeof(int64_t));
            size_t i;
            json_t *v;
            json_array_foreach(staff, i, v) {
                struct record *u;
                struct err e2 = {0};
                const char *role = NULL;
                if (json_is_integer(v) &&
                    db_rec_get(db, &res_users, json_integer_value(v), a, &u, &e2) == 0)
                    role = rec_s(&res_users, u, "role");
                if (!role || (strcmp(role, "agent") && strcmp(role, "admin"))) {
                    err_field(err, "staff_ids", "setiap petugas harus pengguna ber-peran agent atau admin",
                              "every staff member must be a user with role agent or admin");
                    break;
                }
                out->staff_ids[out->n_staff++] = u->id;
            }
        }
    }
    int64_t cal_id;
    if (!err->n_fields && booking_schedule_calendar(db, a, out, &cal_id, err) != 0)
        return err->kind;
    if (err->n_fields)
        return err_set(err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
    return 0;
}

json_t *booking_schedule_json(const struct schedule *s)
{
    json_t *staff = json_array();
    for (size_t i = 0; i < s->n_staff; i++)
        json_array_append_new(staff, json_integer(s->staff_ids[i]));
    json_t *form = json_loads(s->form_fields ? s->form_fields : "[]", 0, NULL);
    return json_pack("{s:I, s:s, s:i, s:i, s:i, s:s?, s:o, s:o, s:o}", "service_id",
                     (json_int_t)s->service_id, "mode", s->mode, "slot_minutes",
                     s->slot_minutes, "capacity_per_slot", s->capacity_per_slot, "daily_quota",
                     s->daily_quota, "meeting_url_base", s->meeting_url_base, "calendar_id",
                     s->calendar_id ? json_integer(s->calendar_id) : json_null(), "form_fields",
                     form ? form : json_array(), "staff_ids", staff);
}

int booking_ctx_load(struct db *db, struct arena *a, int64_t service_id,
                     struct booking_ctx *ctx, struct err *err)
{
    struct record *svc;
    memset(ctx, 0, sizeof *ctx);
    uint64_t gen = store_conf_generation(db->st); /* before reading */
    if (booking_ctx_cached(service_id, gen, a, ctx))
        return 0;
    const char *kind = NULL;
    if (service_id > 0 && db_rec_get(db, &res_services, service_id, a, &svc, err) == 0)
        kind = rec_s(&res_services, svc, "kind");
    if (!kind || strcmp(kind, "appointment") != 0 || !rec_i(&res_services, svc, "active")) {
        err_clear(err);
        return err_set(err, ERR_NOT_FOUND, "service.not_found",
                       "layanan janji temu tidak ditemukan", "appointment service not found");
    }
    ctx->service_id = service_id;
    ctx->service_name = rec_s(&res_services, svc, "name");
    ctx->category_id = rec_i(&res_services, svc, "category_id");
    ctx->priority_id = rec_i(&res_services, svc, "priority_id");
    ctx->unit_id = rec_i(&res_services, svc, "unit_id");
    int64_t cal_id;
    if (bk_schedule_get(db, service_id, a, &ctx->sch, err) != 0)
        return err->kind;
    if (booking_schedule_calendar(db, a, &ctx->sch, &cal_id, err) != 0) {
        err_clear(err);
        return err_set(err, ERR_NOT_FOUND, "schedule.not_found",
                       "jadwal layanan ini tidak punya kalender kerja",
                       "the service's schedule has no business calendar");
    }
    if (svc_calendar(db, a, cal_id, &ctx->cal, err) != 0)
        return err->kind;
    ctx->form = json_loads(ctx->sch.form_fields ? ctx->sch.form_fields : "[]", 0, NULL);
    if (!ctx->form)
        ctx->form = json_array();
    ctx->rules = (struct slot_rules){.slot_minutes = ctx->sch.slot_minutes,
                                     .capacity_per_slot = ctx->sch.capacity_per_slot,
                                     .daily_quota = ctx->sch.daily_quota};
    if (store_conf_generation(db->st) == gen)
        booking_ctx_keep(gen, ctx);
    return 0;
}

void booking_ctx_free(struct booking_ctx *ctx)
{
    json_decref(ctx->form);
    ctx->form = NULL;
}

/* master-*: every master-data resource through the HTTP API — create,
** read, list (q, filters, pages), update, delete — with validation (422 and
** the fields named), duplicates (409 <one>.duplicate), references
** (409 unit.referenced, deactivate instead) and the audit row of each write.
** users-*: the extra rules for accounts (password hashed and never shown,
** tier scope, no self-lockout by demotion, deactivation or deletion). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct it_server srv;
static struct it_client admin;
/* demo rows referred to by the bodies below */
static json_int_t cal_id, cat_id, unit_id, dinkes_id, sla_id, vendor_id;

static json_int_t find_id(const char *resource, const char *q)
{
    struct it_resp r = {0};
    char path[200];
    json_int_t id = 0;
    it_get(&admin, it_path(path, sizeof path, "/api/v1/%s?q=%s", resource, q), &r);
    if (r.status == 200 && jint(r.json, "total") >= 1)
        id = jint(r.json, "items.0.id");
    else
        fprintf(stderr, "# lookup %s %s: %ld %.200s\n", resource, q, r.status, r.body);
    it_resp_free(&r);
    return id;
}

static int setup(void **state)
{
    (void)state;
    if (it_server_start(&srv, NULL) != 0)
        return -1;
    it_client_init(&admin, &srv);
    if (!it_login(&admin, "admin@demo.test", IT_PASSWORD))
        return -1;
    cal_id = find_id("calendars", "Kalender%20Kerja%20Pemda");
    cat_id = find_id("categories", "Aplikasi");
    unit_id = find_id("units", "Diskominfo");
    dinkes_id = find_id("units", "Dinas%20Kesehatan");
    sla_id = find_id("sla-policies", "Kritis");
    vendor_id = find_id("vendors", "Mitra%20Jaringan");
    return cal_id > 0 && cat_id > 0 && unit_id > 0 && dinkes_id > 0 && sla_id > 0 &&
                   vendor_id > 0
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    it_client_cleanup(&admin);
    return it_server_stop_clean(&srv);
}

/* ---- one table row per resource --------------------------------------------- */

struct spec {
    const char *path;  /* /api/v1/<path>; also the audit "resource" */
    const char *one;   /* error-code prefix: <one>.not_found */
    const char *label; /* the field renamed by the update */
    bool has_active;
    json_t *(*make)(int i);
    const char *filter; /* an extra filter ... */
    int filter_hit;     /* ... that finds exactly item filter_hit */
};

static char *name_of(int i)
{
    static char buf[3][32];
    snprintf(buf[i], sizeof buf[i], "Qzx %d", i);
    return buf[i];
}

static json_t *make_unit(int i)
{
    char code[16];
    snprintf(code, sizeof code, "QZX%d", i);
    return json_pack("{s:s, s:s, s:I, s:s}", "name", name_of(i), "code", code, "parent_id",
                     unit_id, "description", "Unit uji integrasi");
}

static json_t *make_category(int i)
{
    return json_pack("{s:s, s:I, s:s}", "name", name_of(i), "parent_id", cat_id, "description",
                     "Kategori uji");
}

static json_t *make_service(int i)
{
    char url[64];
    snprintf(url, sizeof url, "https://app.example.test/qzx/%d", i);
    return json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:s}", "name", name_of(i), "kind",
                     "redirect", "category_id", cat_id, "unit_id", unit_id, "external_url", url,
                     "helpdesk_phone", "+62 752 12345", "description", "Layanan uji");
}

static json_t *make_tag(int i)
{
    char name[16];
    snprintf(name, sizeof name, "qzx-%d", i);
    return json_pack("{s:s, s:s}", "name", name, "color", "#123456");
}

static json_t *make_vendor(int i)
{
    char email[64];
    snprintf(email, sizeof email, "qzx%d@vendor.example.test", i);
    return json_pack("{s:s, s:s, s:s, s:s}", "name", name_of(i), "contact_name", "Budi Santoso",
                     "email", email, "phone", "+62 21 555 0100");
}

static json_t *make_sla(int i)
{
    return json_pack("{s:s, s:i, s:i, s:i, s:I}", "name", name_of(i), "first_response_minutes",
                     30 + i, "resolution_minutes", 600, "warn_before_minutes", 15, "calendar_id",
                     cal_id);
}

static json_t *make_priority(int i)
{
    char code[16];
    snprintf(code, sizeof code, "qzx%d", i);
    return json_pack("{s:s, s:s, s:i, s:I}", "code", code, "name", name_of(i), "rank", 100 + i,
                     "sla_policy_id", sla_id);
}

static json_t *make_calendar(int i)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", name_of(i), "timezone", "Asia/Makassar",
                     "work_days", "1,2,3,4,5,6", "work_start", "07:30", "work_end", "15:00");
}

static json_t *make_holiday(int i)
{
    char date[32];
    snprintf(date, sizeof date, "2027-01-%02d", i + 1);
    return json_pack("{s:I, s:s, s:s}", "calendar_id", cal_id, "date", date, "name", name_of(i));
}

static json_t *make_canned(int i)
{
    return json_pack("{s:s, s:s, s:I}", "title", name_of(i), "body",
                     "Terima kasih, permintaan Anda kami proses.", "category_id", cat_id);
}

static const struct spec specs[] = {
    {"units", "unit", "name", true, make_unit, "code=QZX1", 1},
    {"categories", "category", "name", true, make_category, NULL, 0},
    {"services", "service", "name", true, make_service, "kind=redirect", -1},
    {"tags", "tag", "name", true, make_tag, NULL, 0},
    {"vendors", "vendor", "name", true, make_vendor, NULL, 0},
    {"sla-policies", "sla_policy", "name", true, make_sla, NULL, 0},
    {"priorities", "priority", "name", true, make_priority, "code=qzx0", 0},
    {"calendars", "calendar", "name", true, make_calendar, NULL, 0},
    {"holidays", "holiday", "name", false, make_holiday, "date=2027-01-03", 2},
    {"canned-responses", "canned_response", "title", true, make_canned, NULL, 0},
};

/* The newest audit row for (resource, action, record id), or NULL. The
** returned object belongs to r. */
static json_t *audit_row(struct it_resp *r, const char *resource, const char *action,
                         json_int_t id)
{
    char path[200];
    it_get(&admin, it_path(path, sizeof path, "/api/v1/audit?resource=%s&per_page=200", resource),
           r);
    expect_status(r, 200);
    size_t i;
    json_t *row;
    json_array_foreach(jget(r->json, "items"), i, row) {
        if (!strcmp(jstr(row, "action"), action) && jint(row, "record_id") == id)
            return row;
    }
    print_error("no audit row %s %s %lld in %.400s\n", resource, action, (long long)id, r->body);
    return NULL;
}

static void crud(const struct spec *sp)
{
    struct it_resp r = {0};
    char path[200], base[64];
    json_int_t ids[3];
    json_t *created[3];
    snprintf(base, sizeof base, "/api/v1/%s", sp->path);

    /* create: 201, every field echoed, an id */
    for (int i = 0; i < 3; i++) {
        json_t *body = sp->make(i);
        if (sp->has_active && i == 2)
            json_object_set_new(body, "active", json_false());
        json_incref(body);
        it_post(&admin, base, body, &r);
        expect_status(&r, 201);
        const char *k;
        json_t *v;
        json_object_foreach(body, k, v) {
            if (!json_equal(v, jget(r.json, k))) {
                print_error("%s: field %s not echoed: %s\n", sp->path, k, r.body);
                fail();
            }
        }
        json_decref(body);
        ids[i] = jint(r.json, "id");
        assert_true(ids[i] > 0);
        assert_true(json_is_string(jget(r.json, "created_at")));
        if (sp->has_active)
            assert_true(json_is_boolean(jget(r.json, "active")));
        created[i] = json_incref(r.json);
    }
    if (sp->has_active)
        assert_true(jtrue(created[0], "active")); /* the default */

    /* read: the same object */
    it_get(&admin, it_path(path, sizeof path, "%s/%lld", base, (long long)ids[0]), &r);
    expect_status(&r, 200);
    assert_true(json_equal(r.json, created[0]));

    /* list: q and pages */
    it_get(&admin, it_path(path, sizeof path, "%s?q=qzx&per_page=2&page=2", base), &r);
    expect_status(&r, 200);
    assert_int_equal(jint(r.json, "total"), 3);
    assert_int_equal(jint(r.json, "page"), 2);
    assert_int_equal(jint(r.json, "per_page"), 2);
    assert_int_equal(json_array_size(jget(r.json, "items")), 1);
    it_get(&admin, it_path(path, sizeof path, "%s?q=Qzx&per_page=2", base), &r);
    expect_status(&r, 200);
    assert_int_equal(jint(r.json, "total"), 3);
    assert_int_equal(jint(r.json, "page"), 1);
    assert_int_equal(jint(r.json, "per_page"), 2);
    assert_int_equal(json_array_size(jget(r.json, "items")), 2);
    it_get(&admin, it_path(path, sizeof path, "%s?q=no-such-thing-at-all", base), &r);
    expect_status(&r, 200);
    assert_int_equal(jint(r.json, "total"), 0);
    assert_int_equal(jint(r.json, "per_page"), 50);
    assert_int_equal(json_array_size(jget(r.json, "items")), 0);

    /* list: filters */
    if (sp->has_active) {
        it_get(&admin, it_path(path, sizeof path, "%s?q=qzx&active=false", base), &r);
        expect_status(&r, 200);
        assert_int_equal(jint(r.json, "total"), 1);
        assert_int_equal(jint(r.json, "items.0.id"), ids[2]);
        it_get(&admin, it_path(path, sizeof path, "%s?q=qzx&active=true", base), &r);
        expect_status(&r, 200);
        assert_int_equal(jint(r.json, "total"), 2);
    }
    if (sp->filter) {
        it_get(&admin, it_path(path, sizeof path, "%s?q=qzx&%s", base, sp->filter), &r);
        expect_status(&r, 200);
        if (sp->filter_hit >= 0) {
            assert_int_equal(jint(r.json, "total"), 1);
            assert_int_equal(jint(r.json, "items.0.id"), ids[sp->filter_hit]);
        } else {
            assert_int_equal(jint(r.json, "total"), 3);
        }
    }

    /* update: only the label changes */
    char label_path[64];
    it_patch(&admin, it_path(path, sizeof path, "%s/%lld", base, (long long)ids[0]),
             json_pack("{s:s}", sp->label, "Qzx renamed"), &r);
    expect_status(&r, 200);
    assert_string_equal(jstr(r.json, sp->label), "Qzx renamed");
    const char *k;
    json_t *v;
    json_object_foreach(created[0], k, v) {
        if (!strcmp(k, sp->label) || !strcmp(k, "updated_at"))
            continue;
        if (!json_equal(v, jget(r.json, k))) {
            print_error("%s: update changed %s: %s\n", sp->path, k, r.body);
            fail();
        }
    }
    it_get(&admin, path, &r);
    assert_string_equal(jstr(r.json, sp->label), "Qzx renamed");

    /* the audit log has the create and the update with actor and diff */
    json_t *row = audit_row(&r, sp->path, "update", ids[0]);
    assert_non_null(row);
    assert_int_equal(jint(row, "actor_id"), admin.user_id);
    assert_string_equal(jstr(row, "actor_name"), "Administrator Helpdesk");
    snprintf(label_path, sizeof label_path, "detail.%s.old", sp->label);
    assert_string_equal(jstr(row, label_path), jstr(created[0], sp->label));
    snprintf(label_path, sizeof label_path, "detail.%s.new", sp->label);
    assert_string_equal(jstr(row, label_path), "Qzx renamed");
    assert_int_equal(json_object_size(jget(row, "detail")), 1); /* only what changed */
    row = audit_row(&r, sp->path, "create", ids[1]);
    assert_non_null(row);
    assert_int_equal(jint(row, "actor_id"), admin.user_id);
    snprintf(label_path, sizeof label_path, "detail.%s", sp->label);
    assert_string_equal(jstr(row, label_path), jstr(created[1], sp->label));

    /* delete an unreferenced one: 204, then 404 */
    it_delete(&admin, it_path(path, sizeof path, "%s/%lld", base, (long long)ids[1]), &r);
    expect_status(&r, 204);
    assert_int_equal(r.len, 0);
    char code[64];
    snprintf(code, sizeof code, "%s.not_found", sp->one);
    it_get(&admin, path, &r);
    expect_error(&r, 404, code);
    it_delete(&admin, path, &r);
    expect_error(&r, 404, code);
    it_patch(&admin, path, json_pack("{s:s}", sp->label, "Hantu"), &r);
    expect_error(&r, 404, code);
    row = audit_row(&r, sp->path, "delete", ids[1]);
    assert_non_null(row);
    it_get(&admin, it_path(path, sizeof path, "%s/abc", base), &r);
    expect_status(&r, 404);

    for (int i = 0; i < 3; i++)
        json_decref(created[i]);
    it_resp_free(&r);
}

static void master_1_units(void **s)
{
    (void)s;
    crud(&specs[0]);
}

static void master_2_categories(void **s)
{
    (void)s;
    crud(&specs[1]);
}

static void master_3_services(void **s)
{
    (void)s;
    crud(&specs[2]);
}

static void master_4_tags(void **s)
{
    (void)s;
    crud(&specs[3]);
}

static void master_5_vendors(void **s)
{
    (void)s;
    crud(&specs[4]);
}

static void master_6_sla_policies(void **s)
{
    (void)s;
    crud(&specs[5]);
}

static void master_7_priorities(void **s)
{
    (void)s;
    crud(&specs[6]);
}

static void master_8_calendars(void **s)
{
    (void)s;
    crud(&specs[7]);
}

static void master_9_holidays(void **s)
{
    (void)s;
    crud(&specs[8]);
}

static void master_10_canned_responses(void **s)
{
    (void)s;
    crud(&specs[9]);
}

/* ---- validation --------------------------------------------------------------- */

static void invalid(const char *resource, json_t *body, const char *field)
{
    struct it_resp r = {0};
    char path[64];
    it_post(&admin, it_path(path, sizeof path, "/api/v1/%s", resource), body, &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, field);
    it_resp_free(&r);
}

static void master_11_validation(void **state)
{
    (void)state;
    invalid("services", json_pack("{s:s, s:s}", "name", "Layanan Aneh", "kind", "bogus"), "kind");
    invalid("services",
            json_pack("{s:s, s:s, s:s}", "name", "Layanan FTP", "kind", "redirect",
                      "external_url", "ftp://files.example.test/"),
            "external_url");
    invalid("services",
            json_pack("{s:s, s:s, s:s}", "name", "Layanan JS", "kind", "redirect",
                      "external_url", "javascript:alert(1)"),
            "external_url");
    invalid("services", json_pack("{s:s, s:s, s:i}", "name", "Layanan Yatim", "kind", "ticket",
                                  "unit_id", 999999),
            "unit_id");
    invalid("holidays",
            json_pack("{s:I, s:s, s:s}", "calendar_id", cal_id, "date", "2026-02-30", "name",
                      "Tanggal mustahil"),
            "date");
    invalid("holidays",
            json_pack("{s:I, s:s, s:s}", "calendar_id", cal_id, "date", "2026-02-29", "name",
                      "Bukan kabisat"),
            "date");
    invalid("calendars", json_pack("{s:s, s:s}", "name", "Kalender Malam", "work_start", "25:00"),
            "work_start");
    invalid("calendars", json_pack("{s:s, s:s}", "name", "Kalender Delapan", "work_days", "1,8"),
            "work_days");
    invalid("calendars", json_pack("{s:s, s:s}", "name", "Kalender Mars", "timezone", "Mars/Base"),
            "timezone");
    invalid("units", json_pack("{s:s}", "description", "tanpa nama"), "name");
    invalid("units", json_pack("{s:s, s:s}", "name", "Unit Warna", "colour", "red"), "colour");
    invalid("units", json_pack("{s:i}", "name", 42), "name");
    invalid("sla-policies",
            json_pack("{s:s, s:i, s:i}", "name", "SLA Nol", "first_response_minutes", 0,
                      "resolution_minutes", 60),
            "first_response_minutes");
    invalid("sla-policies", json_pack("{s:s, s:s, s:i}", "name", "SLA Teks",
                                      "first_response_minutes", "sejam", "resolution_minutes", 60),
            "first_response_minutes");
    invalid("vendors", json_pack("{s:s, s:s}", "name", "Vendor Surel", "email", "bukan-email"),
            "email");
    invalid("vendors", json_pack("{s:s, s:s}", "name", "Vendor Telepon", "phone", "telepon saya"),
            "phone");
    invalid("tags", json_pack("{s:s, s:s}", "name", "tag-aktif", "active", "ya"), "active");

    /* several problems are named together */
    struct it_resp r = {0};
    it_post(&admin, "/api/v1/calendars",
            json_pack("{s:s, s:s, s:s}", "name", "", "work_start", "8:00", "work_end", "24:00"),
            &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "name");
    expect_field(&r, "work_start");
    expect_field(&r, "work_end");

    /* an invalid update changes nothing */
    char path[64];
    it_patch(&admin, it_path(path, sizeof path, "/api/v1/calendars/%lld", (long long)cal_id),
             json_pack("{s:s, s:s}", "name", "Kalender Rusak", "work_end", "99:99"), &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "work_end");
    it_get(&admin, path, &r);
    assert_string_equal(jstr(r.json, "name"), "Kalender Kerja Pemda");
    assert_string_equal(jstr(r.json, "work_end"), "16:00");

    /* nothing of the above was created */
    it_get(&admin, "/api/v1/services?q=Layanan%20FTP", &r);
    assert_int_equal(jint(r.json, "total"), 0);
    it_get(&admin, "/api/v1/calendars?q=Kalender%20Malam", &r);
    assert_int_equal(jint(r.json, "total"), 0);
    it_resp_free(&r);
}

static void master_12_list_parameters(void **state)
{
    (void)state;
    struct it_resp r = {0};
    it_get(&admin, "/api/v1/units?per_page=0", &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "per_page");
    it_get(&admin, "/api/v1/units?page=abc", &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "page");
    it_get(&admin, "/api/v1/units?per_page=1000", &r);
    expect_status(&r, 200);
    assert_int_equal(jint(r.json, "per_page"), 200);
    it_get(&admin, "/api/v1/units?colour=red", &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "colour");
    it_get(&admin, "/api/v1/units?description=x", &r); /* a field, but not a filter */
    expect_error(&r, 422, "validation");
    it_get(&admin, "/api/v1/units?sort=nope", &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "sort");
    it_get(&admin, "/api/v1/units?active=maybe", &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "active");
    it_get(&admin, "/api/v1/units?parent_id=x", &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "parent_id");

    /* sort both ways */
    it_get(&admin, "/api/v1/units?sort=name&per_page=200", &r);
    expect_status(&r, 200);
    json_t *asc = json_incref(jget(r.json, "items"));
    it_get(&admin, "/api/v1/units?sort=-name&per_page=200", &r);
    expect_status(&r, 200);
    size_t n = json_array_size(asc);
    assert_true(n >= 9);
    assert_int_equal(json_array_size(jget(r.json, "items")), n);
    for (size_t k = 0; k < n; k++)
        assert_int_equal(jint(json_array_get(asc, k), "id"),
                         jint(json_array_get(jget(r.json, "items"), n - 1 - k), "id"));
    json_decref(asc);

    /* a filter by reference and by null */
    char path[96];
    it_get(&admin, it_path(path, sizeof path, "/api/v1/units?parent_id=%lld", (long long)dinkes_id),
           &r);
    expect_status(&r, 200);
    assert_int_equal(jint(r.json, "total"), 2); /* RSUD, Puskesmas */
    it_get(&admin, "/api/v1/units?parent_id=null", &r);
    expect_status(&r, 200);
    assert_true(jint(r.json, "total") >= 1);
    size_t i;
    json_t *it;
    json_array_foreach(jget(r.json, "items"), i, it) {
        assert_true(json_is_null(jget(it, "parent_id")));
    }
    /* LIKE wildcards in q are taken literally */
    it_get(&admin, "/api/v1/units?q=%25", &r);
    expect_status(&r, 200);
    assert_int_equal(jint(r.json, "total"), 0);
    it_resp_free(&r);
}

/* ---- conflicts --------------------------------------------------------------- */

static void duplicate(const char *resource, json_t *body, const char *code, const char *field)
{
    struct it_resp r = {0};
    char path[64];
    it_post(&admin, it_path(path, sizeof path, "/api/v1/%s", resource), body, &r);
    expect_error(&r, 409, code);
    if (field)
        expect_field(&r, field);
    it_resp_free(&r);
}

static void master_13_duplicates(void **state)
{
    (void)state;
    duplicate("units", json_pack("{s:s}", "name", "Diskominfo"), "unit.duplicate", "name");
    duplicate("units", json_pack("{s:s, s:s}", "name", "Unit Kode Kembar", "code", "DINKES"),
              "unit.duplicate", "code");
    duplicate("categories", json_pack("{s:s}", "name", "Aplikasi"), "category.duplicate", "name");
    duplicate("services",
              json_pack("{s:s, s:s}", "name", "Gangguan Jaringan Internet", "kind", "ticket"),
              "service.duplicate", "name");
    duplicate("tags", json_pack("{s:s}", "name", "jaringan"), "tag.duplicate", "name");
    duplicate("vendors", json_pack("{s:s}", "name", "PT Mitra Jaringan"), "vendor.duplicate",
              "name");
    duplicate("sla-policies",
              json_pack("{s:s, s:i, s:i}", "name", "Kritis", "first_response_minutes", 5,
                        "resolution_minutes", 50),
              "sla_policy.duplicate", "name");
    duplicate("priorities", json_pack("{s:s, s:s}", "code", "normal", "name", "Normal lagi"),
              "priority.duplicate", "code");
    duplicate("calendars", json_pack("{s:s}", "name", "Kalender Kerja Pemda"),
              "calendar.duplicate", "name");
    /* renaming onto another's name is a conflict too */
    struct it_resp r = {0};
    char path[64];
    it_patch(&admin, it_path(path, sizeof path, "/api/v1/units/%lld", (long long)dinkes_id),
             json_pack("{s:s}", "name", "Diskominfo"), &r);
    expect_error(&r, 409, "unit.duplicate");
    it_get(&admin, path, &r);
    assert_string_equal(jstr(r.json, "name"), "Dinas Kesehatan");
    it_resp_free(&r);
}

static void master_14_referenced_unit(void **state)
{
    (void)state;
    struct it_resp r = {0};
    char upath[64], spath[64];
    it_post(&admin, "/api/v1/units", json_pack("{s:s, s:s}", "name", "Unit Rujukan", "code", "RJK"),
            &r);
    expect_status(&r, 201);
    json_int_t u = jint(r.json, "id");
    it_path(upath, sizeof upath, "/api/v1/units/%lld", (long long)u);
    it_post(&admin, "/api/v1/services",
            json_pack("{s:s, s:s, s:I}", "name", "Layanan Rujukan", "kind", "ticket", "unit_id", u),
            &r);
    expect_status(&r, 201);
    it_path(spath, sizeof spath, "/api/v1/services/%lld", (long long)jint(r.json, "id"));

    it_delete(&admin, upath, &r);
    expect_error(&r, 409, "unit.referenced");
    it_get(&admin, upath, &r);
    expect_status(&r, 200);
    /* demo units in use by people and services */
    char dpath[64];
    it_delete(&admin, it_path(dpath, sizeof dpath, "/api/v1/units/%lld", (long long)unit_id), &r);
    expect_error(&r, 409, "unit.referenced");

    /* deactivate instead */
    it_patch(&admin, upath, json_pack("{s:b}", "active", 0), &r);
    expect_status(&r, 200);
    assert_false(jtrue(r.json, "active"));
    assert_true(json_is_false(jget(r.json, "active")));
    json_t *row = audit_row(&r, "units", "update", u);
    assert_non_null(row);
    assert_true(json_is_true(jget(row, "detail.active.old")));
    assert_true(json_is_false(jget(row, "detail.active.new")));

    /* once nothing refers to it, it can go */
    it_delete(&admin, spath, &r);
    expect_status(&r, 204);
    it_get(&admin, spath, &r);
    expect_error(&r, 404, "service.not_found");
    it_delete(&admin, upath, &r);
    expect_status(&r, 204);
    it_get(&admin, upath, &r);
    expect_error(&r, 404, "unit.not_found");
    it_resp_free(&r);
}

static void master_15_audit_list(void **state)
{
    (void)state;
    struct it_resp r = {0};
    struct it_client agent;
    char path[128];
    it_get(&admin, "/api/v1/audit?per_page=2", &r);
    expect_status(&r, 200);
    json_int_t total = jint(r.json, "total");
    assert_true(total >= 30); /* the writes of the tests above */
    assert_int_equal(json_array_size(jget(r.json, "items")), 2);
    assert_int_equal(jint(r.json, "per_page"), 2);
    assert_true(jint(r.json, "items.0.id") > jint(r.json, "items.1.id")); /* newest first */
    it_get(&admin, "/api/v1/audit?per_page=2&page=2", &r);
    expect_status(&r, 200);
    assert_int_equal(jint(r.json, "total"), total);
    assert_int_equal(jint(r.json, "page"), 2);
    /* past the last page: no items, the same total */
    it_get(&admin, "/api/v1/audit?page=100000", &r);
    expect_status(&r, 200);
    assert_int_equal(json_array_size(jget(r.json, "items")), 0);
    assert_int_equal(jint(r.json, "total"), total);

    size_t i;
    json_t *it;
    it_get(&admin, "/api/v1/audit?resource=tags&per_page=200", &r);
    expect_status(&r, 200);
    assert_true(jint(r.json, "total") >= 4);
    json_array_foreach(jget(r.json, "items"), i, it) {
        assert_string_equal(jstr(it, "resource"), "tags");
        assert_true(json_is_string(jget(it, "at")));
        assert_string_equal(jstr(it, "ip"), "127.0.0.1");
    }
    it_get(&admin, it_path(path, sizeof path, "/api/v1/audit?actor_id=%lld&per_page=200",
                           (long long)admin.user_id), &r);
    expect_status(&r, 200);
    assert_int_equal(jint(r.json, "total"), total);
    json_array_foreach(jget(r.json, "items"), i, it) {
        assert_int_equal(jint(it, "actor_id"), admin.user_id);
    }
    it_get(&admin, "/api/v1/audit?q=Qzx%20renamed", &r);
    expect_status(&r, 200);
    assert_true(jint(r.json, "total") >= 10); /* one update per resource */
    it_get(&admin, "/api/v1/audit?per_page=0", &r);
    expect_error(&r, 422, "validation");

    /* admins only */
    it_client_init(&agent, &srv);
    assert_non_null(it_login(&agent, "agent@demo.test", IT_PASSWORD));
    it_get(&agent, "/api/v1/audit", &r);
    expect_error(&r, 403, "forbidden");
    it_client_cleanup(&agent);
    it_resp_free(&r);
}

/* ---- users -------------------------------------------------------------------- */

static void users_1_create_and_login(void **state)
{
    (void)state;
    struct it_resp r = {0};
    struct it_client c;
    char path[64];
    it_post(&admin, "/api/v1/users",
            json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "name", "Pengguna Baru", "email",
                      "baru@example.test", "nip", "199901012024011001", "role", "requester",
                      "unit_id", dinkes_id, "locale", "en", "password", "rahasia-baru-1"),
            &r);
    expect_status(&r, 201);
    json_int_t id = jint(r.json, "id");
    assert_true(id > 0);
    assert_string_equal(jstr(r.json, "email"), "baru@example.test");
    assert_string_equal(jstr(r.json, "locale"), "en");
    assert_true(jtrue(r.json, "active"));
    assert_null(strstr(r.body, "password"));
    assert_null(strstr(r.body, "rahasia-baru-1"));
    assert_null(strstr(r.body, "argon2"));
    it_get(&admin, it_path(path, sizeof path, "/api/v1/users/%lld", (long long)id), &r);
    expect_status(&r, 200);
    assert_null(strstr(r.body, "password"));
    assert_null(strstr(r.body, "argon2"));
    json_t *row = audit_row(&r, "users", "create", id);
    assert_non_null(row);
    char *detail = json_dumps(jget(row, "detail"), JSON_COMPACT);
    assert_non_null(detail);
    assert_null(strstr(detail, "password"));
    assert_null(strstr(detail, "rahasia"));
    assert_null(strstr(detail, "argon2"));
    free(detail);

    it_client_init(&c, &srv);
    assert_non_null(it_login(&c, "baru@example.test", "rahasia-baru-1"));
    assert_int_equal(c.user_id, id);
    it_client_cleanup(&c);
    it_client_init(&c, &srv);
    assert_non_null(it_login(&c, "199901012024011001", "rahasia-baru-1"));
    /* the user's locale picks the language when the request names none */
    it_post(&c, "/api/v1/tokens", json_object(), &r);
    expect_error(&r, 422, "validation");
    assert_string_equal(jstr(r.json, "error.message"), "Invalid data");
    assert_string_equal(jstr(r.json, "error.fields.name"), "is required (at most 100 characters)");
    it_get(&c, "/api/v1/users", &r);
    expect_error(&r, 403, "forbidden");
    assert_string_equal(jstr(r.json, "error.message"), "you are not allowed to do this");
    it_client_cleanup(&c);

    /* deactivated: no more logins */
    it_patch(&admin, path, json_pack("{s:b}", "active", 0), &r);
    expect_status(&r, 200);
    it_client_init(&c, &srv);
    it_post(&c, "/api/v1/auth/login",
            json_pack("{s:s, s:s}", "login", "baru@example.test", "password", "rahasia-baru-1"),
            &r);
    expect_error(&r, 403, "auth.inactive");
    it_client_cleanup(&c);
    it_resp_free(&r);
}

static json_t *agent_body(const char *email, int tier)
{
    return json_pack("{s:s, s:s, s:s, s:i, s:s}", "name", "Agen Uji", "email", email, "role",
                     "agent", "tier", tier, "password", "rahasia-agen-1");
}

static void users_2_tier_scope(void **state)
{
    (void)state;
    struct it_resp r = {0};
    it_post(&admin, "/api/v1/users", agent_body("agen2@example.test", 2), &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "unit_id");
    it_post(&admin, "/api/v1/users", agent_body("agen3@example.test", 3), &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "vendor_id");
    it_post(&admin, "/api/v1/users", agent_body("agen4@example.test", 4), &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "tier");
    it_post(&admin, "/api/v1/users",
            json_pack("{s:s, s:s, s:s, s:i, s:s}", "name", "Pemohon Bertingkat", "email",
                      "tingkat@example.test", "role", "requester", "tier", 1, "password",
                      "rahasia-pemohon"),
            &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "tier");

    json_t *b = agent_body("agen2@example.test", 2);
    json_object_set_new(b, "unit_id", json_integer(unit_id));
    it_post(&admin, "/api/v1/users", b, &r);
    expect_status(&r, 201);
    assert_int_equal(jint(r.json, "tier"), 2);
    assert_int_equal(jint(r.json, "unit_id"), unit_id);
    b = agent_body("agen3@example.test", 3);
    json_object_set_new(b, "vendor_id", json_integer(vendor_id));
    it_post(&admin, "/api/v1/users", b, &r);
    expect_status(&r, 201);
    assert_int_equal(jint(r.json, "tier"), 3);
    /* an agent without a tier is tier 1 */
    b = agent_body("agen1@example.test", 1);
    json_object_del(b, "tier");
    it_post(&admin, "/api/v1/users", b, &r);
    expect_status(&r, 201);
    assert_int_equal(jint(r.json, "tier"), 1);
    /* taking the unit away from a tier 2 agent is refused */
    char path[64];
    it_get(&admin, "/api/v1/users?email=agen2@example.test", &r);
    assert_int_equal(jint(r.json, "total"), 1);
    it_path(path, sizeof path, "/api/v1/users/%lld", (long long)jint(r.json, "items.0.id"));
    it_patch(&admin, path, json_pack("{s:n}", "unit_id"), &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "unit_id");
    it_resp_free(&r);
}

static void users_3_no_self_lockout(void **state)
{
    (void)state;
    struct it_resp r = {0};
    char path[64];
    it_path(path, sizeof path, "/api/v1/users/%lld", (long long)admin.user_id);
    it_patch(&admin, path, json_pack("{s:s}", "role", "agent"), &r);
    expect_error(&r, 409, "user.self_lockout");
    it_patch(&admin, path, json_pack("{s:s}", "role", "leader"), &r);
    expect_error(&r, 409, "user.self_lockout");
    it_patch(&admin, path, json_pack("{s:b}", "active", 0), &r);
    expect_error(&r, 409, "user.self_lockout");
    it_get(&admin, "/api/v1/me", &r);
    expect_status(&r, 200);
    assert_string_equal(jstr(r.json, "user.role"), "admin");
    assert_true(jtrue(r.json, "user.active"));
    /* other changes to oneself are fine */
    it_patch(&admin, path, json_pack("{s:s}", "phone", "081299999999"), &r);
    expect_status(&r, 200);
    assert_string_equal(jstr(r.json, "phone"), "081299999999");
    it_resp_free(&r);
}

static void users_4_password_rules(void **state)
{
    (void)state;
    struct it_resp r = {0};
    struct it_client c;
    char path[64];
    it_post(&admin, "/api/v1/users",
            json_pack("{s:s, s:s, s:s}", "name", "Tanpa Sandi", "email", "tanpa@example.test",
                      "role", "requester"),
            &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "password");
    it_post(&admin, "/api/v1/users",
            json_pack("{s:s, s:s, s:s, s:s}", "name", "Sandi Pendek", "email",
                      "pendek@example.test", "role", "requester", "password", "pendek"),
            &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "password");
    it_post(&admin, "/api/v1/users",
            json_pack("{s:s, s:s, s:s, s:s}", "name", "Ganti Sandi", "email", "ganti@example.test",
                      "role", "requester", "password", "sandi-lama-123"),
            &r);
    expect_status(&r, 201);
    json_int_t id = jint(r.json, "id");
    it_path(path, sizeof path, "/api/v1/users/%lld", (long long)id);
    it_patch(&admin, path, json_pack("{s:n}", "password"), &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "password");
    it_patch(&admin, path, json_pack("{s:s}", "password", "sandi-baru-456"), &r);
    expect_status(&r, 200);
    assert_null(strstr(r.body, "sandi-baru"));
    json_t *row = audit_row(&r, "users", "update", id);
    assert_non_null(row);
    char *detail = json_dumps(jget(row, "detail"), JSON_COMPACT);
    assert_non_null(detail);
    assert_null(strstr(detail, "sandi"));
    assert_null(strstr(detail, "argon2"));
    free(detail);
    it_client_init(&c, &srv);
    it_post(&c, "/api/v1/auth/login",
            json_pack("{s:s, s:s}", "login", "ganti@example.test", "password", "sandi-lama-123"),
            &r);
    expect_error(&r, 401, "auth.invalid_credentials");
    assert_non_null(it_login(&c, "ganti@example.test", "sandi-baru-456"));
    it_client_cleanup(&c);
    /* duplicate e-mail */
    it_post(&admin, "/api/v1/users",
            json_pack("{s:s, s:s, s:s, s:s}", "name", "Kembar", "email", "ganti@example.test",
                      "role", "requester", "password", "sandi-kembar-1"),
            &r);
    expect_error(&r, 409, "user.duplicate");
    expect_field(&r, "email");
    it_resp_free(&r);
}

/* Deleting one's own account is the same lockout as deactivating it. Runs
** last: if the server lets it through, the admin session is gone. */
static void users_5_no_self_delete(void **state)
{
    (void)state;
    struct it_resp r = {0};
    char path[64];
    it_delete(&admin, it_path(path, sizeof path, "/api/v1/users/%lld", (long long)admin.user_id),
              &r);
    expect_error(&r, 409, "user.self_lockout");
    it_get(&admin, "/api/v1/me", &r);
    expect_status(&r, 200);
    assert_string_equal(jstr(r.json, "user.role"), "admin");
    it_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(master_1_units),
        cmocka_unit_test(master_2_categories),
        cmocka_unit_test(master_3_services),
        cmocka_unit_test(master_4_tags),
        cmocka_unit_test(master_5_vendors),
        cmocka_unit_test(master_6_sla_policies),
        cmocka_unit_test(master_7_priorities),
        cmocka_unit_test(master_8_calendars),
        cmocka_unit_test(master_9_holidays),
        cmocka_unit_test(master_10_canned_responses),
        cmocka_unit_test(master_11_validation),
        cmocka_unit_test(master_12_list_parameters),
        cmocka_unit_test(master_13_duplicates),
        cmocka_unit_test(master_14_referenced_unit),
        cmocka_unit_test(master_15_audit_list),
        cmocka_unit_test(users_1_create_and_login),
        cmocka_unit_test(users_2_tier_scope),
        cmocka_unit_test(users_3_no_self_lockout),
        cmocka_unit_test(users_4_password_rules),
        cmocka_unit_test(users_5_no_self_delete),
    };
    return it_finish(cmocka_run_group_tests(tests, setup, teardown));
}

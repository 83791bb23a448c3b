/* resource-*: master-data validation (core/resource.h) — required fields on
** create versus update, text length bounds in bytes, the format checks
** (email, phone, http(s) URL, dates with leap years, HH:MM, ISO weekday lists,
** 18-digit NIP, enums, time zones), integer bounds, references ≤ 0, hidden
** fields skipped; every problem names its field in err.fields. Also
** record_apply_defaults, the account rules, resource_find for every
** resource and the sanity of the field tables themselves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/resource.h"

static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void diag(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("# ", stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    fflush(stdout);
}

static struct arena *A; /* per test, freed in teardown */

static int setup(void **state)
{
    (void)state;
    A = arena_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(A);
    A = NULL;
    return 0;
}

static bool int_type(enum ftype t)
{
    return t == FT_INT || t == FT_BOOL || t == FT_REF;
}

/* A record with the given fields set: "name=value" pairs, value "\x01null"
** for an explicit null. Integer types are parsed. */
#define NUL_VAL "\x01null"
static struct record *rec(const struct resource *res, const char *const *kv, size_t n)
{
    struct record *r = record_new(A, res);
    for (size_t i = 0; i + 1 < n; i += 2) {
        int f = resource_field(res, kv[i]);
        if (f < 0)
            fail_msg("%s has no field %s", res->name, kv[i]);
        struct value *v = &r->v[f];
        v->set = true;
        if (strcmp(kv[i + 1], NUL_VAL) == 0)
            v->null = true;
        else if (int_type(res->fields[f].type))
            v->i = strtoll(kv[i + 1], NULL, 10);
        else
            v->s = kv[i + 1];
    }
    return r;
}

static bool named(const struct err *e, const char *field)
{
    for (size_t i = 0; i < e->n_fields; i++)
        if (strcmp(e->fields[i].name, field) == 0)
            return true;
    return false;
}

/* Validates; bad == NULL expects success, else exactly one problem, on `bad`. */
static void show(const char *where, const struct resource *res, bool create,
                 const char *const *kv, size_t n)
{
    diag("%s: %s %s with:", where, create ? "create" : "update", res->name);
    for (size_t i = 0; i + 1 < n; i += 2)
        diag("  %s = \"%.60s\"%s", kv[i], kv[i + 1], strlen(kv[i + 1]) > 60 ? "..." : "");
}

static void expect(const char *where, const struct resource *res, bool create, const char *bad,
                   const char *const *kv, size_t n)
{
    struct err e = {0};
    struct record *r = rec(res, kv, n);
    int rc = record_validate(res, r, create, &e);
    if (!bad) {
        if (rc != 0) {
            show(where, res, create, kv, n);
            for (size_t i = 0; i < e.n_fields; i++)
                diag("%s: unexpected problem %s: %s", where, e.fields[i].name,
                     e.fields[i].msg[LOC_EN]);
            fail_msg("%s: %s should be valid", where, res->name);
        }
        assert_int_equal(e.n_fields, 0);
        return;
    }
    if (rc != ERR_INVALID || e.n_fields != 1 || !named(&e, bad)) {
        show(where, res, create, kv, n);
        for (size_t i = 0; i < e.n_fields; i++)
            diag("%s: problem %s: %s", where, e.fields[i].name, e.fields[i].msg[LOC_EN]);
        fail_msg("%s: expected exactly one problem, with %s (rc %d, %zu problems)", where, bad,
                 rc, e.n_fields);
    }
    assert_int_equal(e.kind, ERR_INVALID);
    assert_string_equal(e.code, "validation");
    assert_true(e.fields[0].msg[LOC_EN][0] != 0);
    assert_true(e.fields[0].msg[LOC_ID][0] != 0);
}

#define STR2(x) #x
#define STR(x) STR2(x)
#define WHERE __FILE__ ":" STR(__LINE__)
#define OK(res, create, ...)                                                                 \
    do {                                                                                     \
        const char *const kv_[] = {__VA_ARGS__};                                             \
        expect(WHERE, &res, create, NULL, kv_, sizeof kv_ / sizeof kv_[0]);                  \
    } while (0)
#define BAD(res, create, field, ...)                                                         \
    do {                                                                                     \
        const char *const kv_[] = {__VA_ARGS__};                                             \
        expect(WHERE, &res, create, field, kv_, sizeof kv_ / sizeof kv_[0]);                 \
    } while (0)

/* Calendar / user / holiday records varying one field. */
#define CAL(field, value) "name", "Kalender", field, value
#define USER(field, value) "name", "Uji", "email", "uji@x.id", "role", "requester", field, value
#define HOL(value) "calendar_id", "1", "name", "Libur", "date", value

static char *repeat(const char *unit, size_t times)
{
    size_t ul = strlen(unit);
    char *s = arena_alloc(A, ul * times + 1);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * ul, unit, ul);
    return s;
}

/* ---- required fields -------------------------------------------------- */

static void resource_1_required_create_vs_update(void **state)
{
    (void)state;
    OK(res_units, true, "name", "Bappeda");
    BAD(res_units, true, "name", "code", "BPD");              /* missing on create */
    OK(res_units, false, "code", "BPD");                      /* not needed on update */
    BAD(res_units, false, "name", "name", NUL_VAL);           /* but cannot be cleared */
    BAD(res_units, false, "name", "name", "");                /* nor blanked */
    BAD(res_units, true, "name", "name", "");
    OK(res_units, false, "code", NUL_VAL);                    /* optional fields may be cleared */
    OK(res_units, true, "name", "Unit", "description", "");   /* optional text may be empty */

    /* all missing required fields are reported, each by name */
    struct err e = {0};
    struct record *r = record_new(A, &res_users);
    assert_int_equal(record_validate(&res_users, r, true, &e), ERR_INVALID);
    assert_int_equal(e.n_fields, 3);
    assert_true(named(&e, "name") && named(&e, "email") && named(&e, "role"));
    err_clear(&e);
    r = record_new(A, &res_holidays);
    assert_int_equal(record_validate(&res_holidays, r, true, &e), ERR_INVALID);
    assert_int_equal(e.n_fields, 3);
    assert_true(named(&e, "calendar_id") && named(&e, "date") && named(&e, "name"));
    err_clear(&e);
    r = record_new(A, &res_holidays);
    assert_int_equal(record_validate(&res_holidays, r, false, &e), 0); /* empty PATCH */
    assert_int_equal(e.n_fields, 0);

    /* every resource: an empty create names exactly its FF_REQUIRED fields */
    for (size_t i = 0; resources[i]; i++) {
        const struct resource *res = resources[i];
        size_t want = 0;
        for (size_t f = 0; f < res->n_fields; f++)
            want += (res->fields[f].flags & FF_REQUIRED) != 0;
        err_clear(&e);
        r = record_new(A, res);
        record_apply_defaults(res, r);
        int rc = record_validate(res, r, true, &e);
        assert_int_equal(rc, want ? ERR_INVALID : 0);
        assert_int_equal(e.n_fields, want);
        for (size_t f = 0; f < res->n_fields; f++)
            if (res->fields[f].flags & FF_REQUIRED)
                assert_true(named(&e, res->fields[f].name));
    }
}

/* ---- text lengths ----------------------------------------------------- */

static void resource_2_text_length_bounds(void **state)
{
    (void)state;
    OK(res_units, true, "name", repeat("a", 200));
    BAD(res_units, true, "name", "name", repeat("a", 201));
    OK(res_units, true, "name", "U", "code", repeat("K", 32));
    BAD(res_units, true, "code", "name", "U", "code", repeat("K", 33));
    OK(res_units, true, "name", "U", "description", repeat("d", 2000));
    BAD(res_units, true, "description", "name", "U", "description", repeat("d", 2001));
    OK(res_tags, true, "name", repeat("t", 64));
    BAD(res_tags, true, "name", "name", repeat("t", 65));
    BAD(res_tags, true, "color", "name", "x", "color", repeat("c", 17));
    /* lengths are bytes: 100 × "é" is 200 bytes, 101 × is 202 */
    OK(res_units, true, "name", repeat("\xc3\xa9", 100));
    BAD(res_units, true, "name", "name", repeat("\xc3\xa9", 101));
    /* the virtual password: 8..256 */
    OK(res_users, true, USER("password", "12345678"));
    BAD(res_users, true, "password", USER("password", "1234567"));
    OK(res_users, true, USER("password", repeat("p", 256)));
    BAD(res_users, true, "password", USER("password", repeat("p", 257)));
    /* hidden fields are never validated (they never come from input) */
    OK(res_users, true, USER("password_hash", repeat("h", 5000)));
    /* the message tells the bounds */
    struct err e = {0};
    const char *const kv[] = {"name", "U", "code", repeat("K", 40)};
    assert_int_equal(record_validate(&res_units, rec(&res_units, kv, 4), true, &e), ERR_INVALID);
    assert_non_null(strstr(e.fields[0].msg[LOC_EN], "32"));
}

/* ---- formats ---------------------------------------------------------- */

static void resource_3_email(void **state)
{
    (void)state;
    static const char *const good[] = {"a@b.id", "first.last+tag@dinas.kota.go.id",
                                       "UJI@X.ID", "a_b-c@sub-domain.example.com"};
    static const char *const bad[] = {"a@b", "@b.id", "a@", "a@@b.id", "a@b@c.id",
                                      "a b@c.id", "a@b.", "a@.id", "<a@b.id>", "a@b.id,c@d.id",
                                      "a@b.id;", "plain", "a@b.id\n", "\ta@b.id"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        OK(res_users, true, "name", "U", "role", "agent", "email", good[i]);
        OK(res_vendors, true, "name", "V", "email", good[i]);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        BAD(res_users, true, "email", "name", "U", "role", "agent", "email", bad[i]);
        BAD(res_vendors, true, "email", "name", "V", "email", bad[i]);
    }
    BAD(res_users, true, "email", "name", "U", "role", "agent", "email", "");
    OK(res_vendors, true, "name", "V", "email", ""); /* optional */
    BAD(res_users, true, "email", "name", "U", "role", "agent", "email",
        arena_printf(A, "%s@x.id", repeat("a", 250))); /* 255 bytes > 254 */
}

static void resource_4_phone(void **state)
{
    (void)state;
    static const char *const good[] = {"0812-3456-7890", "+62 21 5555 1234", "(021) 555-1234",
                                       "12345", "+6281234567890", "12345678901234567890"};
    static const char *const bad[] = {"1234", "call me", "+62+21 5555", "0812.3456.789",
                                      "123456789012345678901", "08123x", "+", "--- ---",
                                      "0812/3456"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        OK(res_users, true, USER("phone", good[i]));
        OK(res_services, true, "name", "S", "kind", "ticket", "helpdesk_phone", good[i]);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        BAD(res_users, true, "phone", USER("phone", bad[i]));
        BAD(res_vendors, true, "phone", "name", "V", "phone", bad[i]);
    }
    BAD(res_users, true, "phone", USER("phone", repeat("1", 33))); /* over 32 bytes */
}

static void resource_5_url(void **state)
{
    (void)state;
    static const char *const good[] = {"https://x.go.id", "http://10.0.0.1:8080/app?x=1",
                                       "https://simpeg.kota.go.id/login#top"};
    static const char *const bad[] = {"javascript:alert(1)", "ftp://x.go.id", "https://",
                                      "http://", "//x.go.id", "x.go.id", "data:text/html,x",
                                      "mailto:a@b.id", " https://x.go.id", "file:///etc/passwd"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        OK(res_services, true, "name", "S", "kind", "redirect", "external_url", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        BAD(res_services, true, "external_url", "name", "S", "kind", "redirect", "external_url",
            bad[i]);
    }
    BAD(res_services, true, "external_url", "name", "S", "kind", "redirect", "external_url",
        arena_printf(A, "https://%s", repeat("x", 1993))); /* 2001 bytes */
}

static void resource_6_dates_and_leap_years(void **state)
{
    (void)state;
    static const char *const good[] = {"2024-02-29", "2000-02-29", "2400-02-29", "2026-02-28",
                                       "2026-12-31", "2026-01-01", "2026-04-30", "1999-01-31"};
    static const char *const bad[] = {
        "2026-02-29", /* not a leap year */
        "1900-02-29", /* divisible by 100, not by 400 */
        "2100-02-29", "2024-02-30", "2026-13-01", "2026-00-10", "2026-04-31", "2026-06-31",
        "2026-01-00", "2026-01-32", "2026-1-01",  "2026/01/01", "20260101",   "2026-01-01T00:00",
        "abcd-ef-gh", "2026-01-0a", " 2026-01-01", "2026-01-1 ",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        OK(res_holidays, true, HOL(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        BAD(res_holidays, true, "date", HOL(bad[i]));
    }
    BAD(res_holidays, true, "date", HOL(""));
    BAD(res_holidays, false, "date", "date", "2026-02-29"); /* update validates too */
}

static void resource_7_time_days_nip_tz(void **state)
{
    (void)state;
    static const char *const hhmm_ok[] = {"00:00", "23:59", "08:00", "16:30"};
    static const char *const hhmm_bad[] = {"24:00", "12:60", "8:00", "08:0", "08-00", "0800",
                                           "08:00:00", "ab:cd", "-1:00", "", " 8:00"};
    for (size_t i = 0; i < sizeof hhmm_ok / sizeof hhmm_ok[0]; i++) {
        OK(res_calendars, true, CAL("work_start", hhmm_ok[i]));
        OK(res_calendars, true, CAL("work_end", hhmm_ok[i]));
    }
    for (size_t i = 0; i < sizeof hhmm_bad / sizeof hhmm_bad[0]; i++) {
        BAD(res_calendars, true, "work_start", CAL("work_start", hhmm_bad[i]));
        BAD(res_calendars, true, "work_end", CAL("work_end", hhmm_bad[i]));
    }

    static const char *const days_ok[] = {"1", "7", "1,2,3,4,5", "1,2,3,4,5,6,7", "5,1", "6,7"};
    static const char *const days_bad[] = {"",    "0",     "8",    "1,1",  "1,,2", "1,2,",
                                           ",1",  "1 2",   "1-5",  "12",   "1;2",  "a",
                                           "1,2,3,4,5,6,7,1"};
    for (size_t i = 0; i < sizeof days_ok / sizeof days_ok[0]; i++)
        OK(res_calendars, true, CAL("work_days", days_ok[i]));
    for (size_t i = 0; i < sizeof days_bad / sizeof days_bad[0]; i++) {
        BAD(res_calendars, true, "work_days", CAL("work_days", days_bad[i]));
    }

    static const char *const tz_ok[] = {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura",
                                        "+07:00", "-03:30"};
    static const char *const tz_bad[] = {"Asia/Tokyo", "asia/jakarta", "", "+7", "+15:00",
                                         "+07:60"};
    for (size_t i = 0; i < sizeof tz_ok / sizeof tz_ok[0]; i++)
        OK(res_calendars, true, CAL("timezone", tz_ok[i]));
    for (size_t i = 0; i < sizeof tz_bad / sizeof tz_bad[0]; i++) {
        BAD(res_calendars, true, "timezone", CAL("timezone", tz_bad[i]));
    }

    OK(res_users, true, USER("nip", "198001012005011001"));
    OK(res_users, true, USER("nip", "000000000000000000"));
    static const char *const nip_bad[] = {"19800101200501100",   /* 17 digits */
                                          "1980010120050110012", /* 19 digits */
                                          "19800101200501100X",  "1980 0101 2005 0110",
                                          "+98001012005011001",  "19800101-200501-1-001",
                                          "１９８００１０１２００５０１"}; /* full-width digits */
    for (size_t i = 0; i < sizeof nip_bad / sizeof nip_bad[0]; i++) {
        BAD(res_users, true, "nip", USER("nip", nip_bad[i]));
    }
}

static void resource_8_enums(void **state)
{
    (void)state;
    OK(res_services, true, "name", "S", "kind", "ticket");
    OK(res_services, true, "name", "S", "kind", "redirect");
    OK(res_services, true, "name", "S", "kind", "appointment");
    BAD(res_services, true, "kind", "name", "S", "kind", "Ticket"); /* case matters */
    BAD(res_services, true, "kind", "name", "S", "kind", "shop");
    BAD(res_services, true, "kind", "name", "S", "kind", "ticket ");
    BAD(res_services, true, "kind", "name", "S", "kind", "");
    static const char *const roles[] = {"requester", "agent", "admin", "leader"};
    for (size_t i = 0; i < 4; i++)
        OK(res_users, true, "name", "U", "email", "u@x.id", "role", roles[i]);
    BAD(res_users, true, "role", "name", "U", "email", "u@x.id", "role", "root");
    BAD(res_users, false, "role", "role", "superadmin");
    OK(res_users, true, USER("locale", "id"));
    OK(res_users, true, USER("locale", "en"));
    BAD(res_users, true, "locale", USER("locale", "fr"));
    BAD(res_users, true, "locale", USER("locale", "EN"));
}

/* ---- numbers and references ------------------------------------------- */

static void resource_9_int_bounds(void **state)
{
    (void)state;
#define SLA(field, value) "name", "P", "first_response_minutes", "30", "resolution_minutes", "60", \
                          field, value
    OK(res_sla_policies, true, SLA("first_response_minutes", "1"));
    OK(res_sla_policies, true, SLA("first_response_minutes", "525600"));
    BAD(res_sla_policies, true, "first_response_minutes", SLA("first_response_minutes", "0"));
    BAD(res_sla_policies, true, "first_response_minutes", SLA("first_response_minutes", "-1"));
    BAD(res_sla_policies, true, "first_response_minutes",
        SLA("first_response_minutes", "525601"));
    BAD(res_sla_policies, true, "resolution_minutes", SLA("resolution_minutes", "0"));
    OK(res_sla_policies, true, SLA("warn_before_minutes", "0"));
    BAD(res_sla_policies, true, "warn_before_minutes", SLA("warn_before_minutes", "-5"));
    BAD(res_sla_policies, true, "first_response_minutes",
        SLA("first_response_minutes", "-9223372036854775808"));
#undef SLA
    OK(res_priorities, true, "code", "P1", "name", "Tinggi", "rank", "0");
    OK(res_priorities, true, "code", "P1", "name", "Tinggi", "rank", "1000");
    BAD(res_priorities, true, "rank", "code", "P1", "name", "Tinggi", "rank", "1001");
    BAD(res_priorities, true, "rank", "code", "P1", "name", "Tinggi", "rank", "-1");
    OK(res_users, true, "name", "U", "email", "u@x.id", "role", "agent", "tier", "1");
    OK(res_users, true, "name", "U", "email", "u@x.id", "role", "agent", "tier", "3");
    BAD(res_users, true, "tier", "name", "U", "email", "u@x.id", "role", "agent", "tier", "0");
    BAD(res_users, true, "tier", "name", "U", "email", "u@x.id", "role", "agent", "tier", "4");
    /* the message carries the range */
    struct err e = {0};
    const char *const kv[] = {"code", "P", "name", "N", "rank", "5000"};
    assert_int_equal(record_validate(&res_priorities, rec(&res_priorities, kv, 6), true, &e),
                     ERR_INVALID);
    assert_non_null(strstr(e.fields[0].msg[LOC_EN], "1000"));
}

static void resource_10_refs_must_be_positive(void **state)
{
    (void)state;
    OK(res_holidays, true, "calendar_id", "1", "date", "2026-01-01", "name", "x");
    OK(res_holidays, true, "calendar_id", "9223372036854775807", "date", "2026-01-01", "name", "x");
    BAD(res_holidays, true, "calendar_id", "calendar_id", "0", "date", "2026-01-01", "name", "x");
    BAD(res_holidays, true, "calendar_id", "calendar_id", "-1", "date", "2026-01-01", "name", "x");
    BAD(res_units, true, "parent_id", "name", "U", "parent_id", "0");
    BAD(res_units, true, "parent_id", "name", "U", "parent_id", "-42");
    OK(res_units, true, "name", "U", "parent_id", NUL_VAL); /* no parent is fine */
    BAD(res_services, true, "unit_id", "name", "S", "kind", "ticket", "unit_id", "0");
    BAD(res_users, true, "vendor_id", USER("vendor_id", "-3"));
    /* every FT_REF field of every resource rejects 0 */
    for (size_t i = 0; resources[i]; i++) {
        const struct resource *res = resources[i];
        for (size_t f = 0; f < res->n_fields; f++) {
            if (res->fields[f].type != FT_REF)
                continue;
            struct err e = {0};
            struct record *r = record_new(A, res);
            r->v[f] = (struct value){.set = true, .i = 0};
            assert_int_equal(record_validate(res, r, false, &e), ERR_INVALID);
            assert_int_equal(e.n_fields, 1);
            assert_string_equal(e.fields[0].name, res->fields[f].name);
        }
    }
}

static void resource_11_many_problems_at_once(void **state)
{
    (void)state;
    struct err e = {0};
    const char *const kv[] = {"name", "", "email", "nope", "role", "root", "tier", "9",
                              "nip", "1", "phone", "x", "unit_id", "0", "locale", "xx"};
    struct record *r = rec(&res_users, kv, sizeof kv / sizeof kv[0]);
    assert_int_equal(record_validate(&res_users, r, true, &e), ERR_INVALID);
    assert_int_equal(e.n_fields, 8);
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i += 2)
        if (!named(&e, kv[i]))
            fail_msg("no problem reported for %s", kv[i]);
    /* problems from an earlier step are kept, and do not fail a valid record */
    struct err e2 = {0};
    err_field(&e2, "earlier", "x", "x");
    const char *const good[] = {"name", "Unit"};
    assert_int_equal(record_validate(&res_units, rec(&res_units, good, 2), true, &e2), 0);
    assert_int_equal(e2.n_fields, 1);
}

/* ---- defaults --------------------------------------------------------- */

/* A valid sample value for a field of the given type. */
static void sample(const struct field *f, struct value *v)
{
    *v = (struct value){.set = true};
    switch (f->type) {
    case FT_INT: v->i = f->min; break;
    case FT_BOOL: v->i = 1; break;
    case FT_REF: v->i = 1; break;
    case FT_ENUM: v->s = f->choices[0]; break;
    case FT_EMAIL: v->s = "a@b.id"; break;
    case FT_PHONE: v->s = "0812345678"; break;
    case FT_URL: v->s = "https://x.id"; break;
    case FT_DATE: v->s = "2024-02-29"; break;
    case FT_HHMM: v->s = "08:00"; break;
    case FT_DAYS: v->s = "1,2"; break;
    case FT_NIP: v->s = "198001012005011001"; break;
    case FT_TZ: v->s = "Asia/Jakarta"; break;
    case FT_TEXT: v->s = repeat("a", f->min > 0 ? (size_t)f->min : 1); break;
    }
}

static void resource_12_defaults(void **state)
{
    (void)state;
    struct record *r = record_new(A, &res_calendars);
    record_apply_defaults(&res_calendars, r);
    assert_string_equal(r->v[resource_field(&res_calendars, "timezone")].s, "Asia/Jakarta");
    assert_string_equal(r->v[resource_field(&res_calendars, "work_days")].s, "1,2,3,4,5");
    assert_string_equal(r->v[resource_field(&res_calendars, "work_start")].s, "08:00");
    assert_string_equal(r->v[resource_field(&res_calendars, "work_end")].s, "16:00");
    assert_true(r->v[resource_field(&res_calendars, "active")].set);
    assert_int_equal(r->v[resource_field(&res_calendars, "active")].i, 1);
    assert_false(r->v[resource_field(&res_calendars, "name")].set); /* no default */

    r = record_new(A, &res_sla_policies);
    record_apply_defaults(&res_sla_policies, r);
    assert_int_equal(r->v[resource_field(&res_sla_policies, "warn_before_minutes")].i, 60);
    assert_false(r->v[resource_field(&res_sla_policies, "calendar_id")].set);

    r = record_new(A, &res_users);
    record_apply_defaults(&res_users, r);
    assert_string_equal(r->v[resource_field(&res_users, "locale")].s, "id");
    assert_false(r->v[resource_field(&res_users, "tier")].set);

    /* given values, including an explicit null, win over defaults */
    const char *const kv[] = {"work_start", "07:30", "timezone", NUL_VAL, "active", "0"};
    r = rec(&res_calendars, kv, 6);
    record_apply_defaults(&res_calendars, r);
    assert_string_equal(r->v[resource_field(&res_calendars, "work_start")].s, "07:30");
    assert_true(r->v[resource_field(&res_calendars, "timezone")].null);
    assert_int_equal(r->v[resource_field(&res_calendars, "active")].i, 0);
    assert_string_equal(r->v[resource_field(&res_calendars, "work_end")].s, "16:00");

    /* every resource: required fields plus defaults make a valid record, and
    ** every default is itself a valid value of its field */
    for (size_t i = 0; resources[i]; i++) {
        const struct resource *res = resources[i];
        r = record_new(A, res);
        for (size_t f = 0; f < res->n_fields; f++)
            if (res->fields[f].flags & FF_REQUIRED)
                sample(&res->fields[f], &r->v[f]);
        record_apply_defaults(res, r);
        for (size_t f = 0; f < res->n_fields; f++)
            if (res->fields[f].def && !(res->fields[f].flags & FF_REQUIRED))
                assert_true(r->v[f].set && !r->v[f].null);
        struct err e = {0};
        if (record_validate(res, r, true, &e) != 0)
            fail_msg("%s: defaults do not validate (%s: %s)", res->name, e.fields[0].name,
                     e.fields[0].msg[LOC_EN]);
    }
}

/* ---- account rules ---------------------------------------------------- */

static void resource_13_user_rules(void **state)
{
    (void)state;
    int ft = resource_field(&res_users, "tier");
    struct err e = {0};
    const char *const agent[] = {"role", "agent"};
    struct record *r = rec(&res_users, agent, 2);
    assert_int_equal(record_user_rules(r, NULL, &e), 0);
    assert_true(r->v[ft].set);
    assert_int_equal(r->v[ft].i, 1); /* an agent without a tier is tier 1 */

    const char *const req_tier[] = {"role", "requester", "tier", "2"};
    assert_int_equal(record_user_rules(rec(&res_users, req_tier, 4), NULL, &e), ERR_INVALID);
    assert_true(named(&e, "tier"));

    err_clear(&e);
    const char *const t2[] = {"role", "agent", "tier", "2"};
    assert_int_equal(record_user_rules(rec(&res_users, t2, 4), NULL, &e), ERR_INVALID);
    assert_int_equal(e.n_fields, 1);
    assert_string_equal(e.fields[0].name, "unit_id");

    err_clear(&e);
    const char *const t3[] = {"role", "agent", "tier", "3", "unit_id", "4"};
    assert_int_equal(record_user_rules(rec(&res_users, t3, 6), NULL, &e), ERR_INVALID);
    assert_int_equal(e.n_fields, 1);
    assert_string_equal(e.fields[0].name, "vendor_id");

    err_clear(&e);
    const char *const t3ok[] = {"role", "agent", "tier", "3", "vendor_id", "4"};
    assert_int_equal(record_user_rules(rec(&res_users, t3ok, 6), NULL, &e), 0);

    /* updates are judged on the values after the write */
    const char *const old_kv[] = {"role", "agent", "tier", "2", "unit_id", "7"};
    struct record *old = rec(&res_users, old_kv, 6);
    const char *const clear_unit[] = {"unit_id", NUL_VAL};
    err_clear(&e);
    assert_int_equal(record_user_rules(rec(&res_users, clear_unit, 2), old, &e), ERR_INVALID);
    assert_string_equal(e.fields[0].name, "unit_id");
    const char *const to_requester[] = {"role", "requester"};
    err_clear(&e);
    assert_int_equal(record_user_rules(rec(&res_users, to_requester, 2), old, &e), ERR_INVALID);
    assert_string_equal(e.fields[0].name, "tier"); /* the old tier would remain */
    const char *const demote[] = {"role", "requester", "tier", NUL_VAL};
    err_clear(&e);
    assert_int_equal(record_user_rules(rec(&res_users, demote, 4), old, &e), 0);
    const char *const rename_only[] = {"name", "Baru"};
    err_clear(&e);
    assert_int_equal(record_user_rules(rec(&res_users, rename_only, 2), old, &e), 0);
}

/* ---- the tables ------------------------------------------------------- */

static void resource_14_find_every_resource(void **state)
{
    (void)state;
    size_t n = 0;
    for (size_t i = 0; resources[i]; i++, n++) {
        const struct resource *res = resources[i];
        assert_ptr_equal(resource_find(res->name), res);
        assert_non_null(res->table);
        assert_non_null(res->one);
        assert_true(res->n_fields > 0);
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(resources[j]->name, res->name);
            assert_string_not_equal(resources[j]->table, res->table);
        }
        assert_true(resource_field(res, res->default_sort) >= 0);
        assert_int_equal(res->has_active, resource_field(res, "active") >= 0);
        for (size_t f = 0; f < res->n_fields; f++) {
            const struct field *fd = &res->fields[f];
            assert_int_equal(resource_field(res, fd->name), (int)f);
            if (fd->type == FT_REF) {
                if (!fd->ref || !resource_find(fd->ref))
                    fail_msg("%s.%s refers to unknown resource %s", res->name, fd->name,
                             fd->ref ? fd->ref : "(null)");
            }
            if (fd->type == FT_ENUM)
                assert_true(fd->choices && fd->choices[0]);
            if (fd->type == FT_INT)
                assert_true(fd->min <= fd->max);
            if (!(fd->flags & FF_HIDDEN)) {
                assert_true(fd->label_id && fd->label_id[0]);
                assert_true(fd->label_en && fd->label_en[0]);
            }
            /* a hidden or virtual field is never searched, filtered or sorted */
            if (fd->flags & (FF_HIDDEN | FF_VIRTUAL))
                assert_int_equal(fd->flags & (FF_SEARCH | FF_FILTER | FF_SORT), 0);
        }
        assert_int_equal(resource_field(res, "no_such_field"), -1);
        assert_int_equal(resource_field(res, "id"), -1);
    }
    /* 11 + partners and activities (issue #17) + rejection reasons (issue #21)
    ** + macros (issue #20) */
    assert_int_equal(n, 15);
    assert_ptr_equal(resource_find("macros"), &res_macros);
    assert_ptr_equal(resource_find("reject-reasons"), &res_reject_reasons);
    assert_ptr_equal(resource_find("units"), &res_units);
    assert_ptr_equal(resource_find("sla-policies"), &res_sla_policies);
    assert_ptr_equal(resource_find("canned-responses"), &res_canned_responses);
    assert_ptr_equal(resource_find("users"), &res_users);
    assert_ptr_equal(resource_find("partners"), &res_partners);
    assert_null(resource_find("tickets"));
    assert_null(resource_find("unit"));
    assert_null(resource_find("Units"));
    assert_null(resource_find("sla_policies")); /* the table name is not the URL name */
    assert_null(resource_find(""));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(resource_1_required_create_vs_update),
        T(resource_2_text_length_bounds),
        T(resource_3_email),
        T(resource_4_phone),
        T(resource_5_url),
        T(resource_6_dates_and_leap_years),
        T(resource_7_time_days_nip_tz),
        T(resource_8_enums),
        T(resource_9_int_bounds),
        T(resource_10_refs_must_be_positive),
        T(resource_11_many_problems_at_once),
        T(resource_12_defaults),
        T(resource_13_user_rules),
        T(resource_14_find_every_resource),
    };
    return cmocka_run_group_tests_name("resource", tests, NULL, NULL);
}

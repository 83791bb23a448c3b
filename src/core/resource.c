/* Field tables of the master-data resources and their validation. */
#include "core/resource.h"
#include "core/arena.h"
#include "core/bizcal.h"
#include "core/err.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define ACTIVE {"active", FT_BOOL, FF_FILTER, 0, 1, NULL, NULL, "Aktif", "Active", "1"}

int record_calendar_rules(struct record *r, const struct record *old, struct err *err);
int record_user_rules(struct record *r, const struct record *old, struct err *err);

static const char *const service_kinds[] = {"ticket", "redirect", "appointment", NULL};
static const char *const roles[] = {"requester", "agent", "admin", "leader", NULL};
static const char *const locales[] = {"id", "en", NULL};

static const struct field unit_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT | FF_UNIQUE, 1, 200, NULL, NULL, "Nama", "Name"},
    {"code", FT_TEXT, FF_SEARCH | FF_FILTER | FF_SORT | FF_UNIQUE, 1, 32, NULL, NULL, "Kode", "Code"},
    {"parent_id", FT_REF, FF_FILTER, 0, 0, NULL, "units", "Induk", "Parent"},
    {"description", FT_TEXT, FF_SEARCH, 0, 2000, NULL, NULL, "Keterangan", "Description"},
    ACTIVE,
};
const struct resource res_units = {"units", "units", "unit", unit_fields, N(unit_fields), "name", true};

static const struct field vendor_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT | FF_UNIQUE, 1, 200, NULL, NULL, "Nama", "Name"},
    {"contact_name", FT_TEXT, FF_SEARCH, 0, 200, NULL, NULL, "Narahubung", "Contact"},
    {"email", FT_EMAIL, FF_SEARCH, 0, 254, NULL, NULL, "Email", "Email"},
    {"phone", FT_PHONE, FF_SEARCH, 0, 32, NULL, NULL, "Telepon", "Phone"},
    /* an outside company: internal notes and requesters' contacts only when allowed */
    {"sees_internal", FT_BOOL, FF_FILTER, 0, 1, NULL, NULL, "Boleh melihat catatan internal & kontak pribadi", "May see internal notes & personal contacts", "0"},
    ACTIVE,
};
const struct resource res_vendors = {"vendors", "vendors", "vendor", vendor_fields, N(vendor_fields), "name", true};

static const struct field category_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT | FF_UNIQUE, 1, 200, NULL, NULL, "Nama", "Name"},
    {"parent_id", FT_REF, FF_FILTER, 0, 0, NULL, "categories", "Induk", "Parent"},
    {"description", FT_TEXT, FF_SEARCH, 0, 2000, NULL, NULL, "Keterangan", "Description"},
    ACTIVE,
};
const struct resource res_categories = {"categories", "categories", "category", category_fields, N(category_fields), "name", true};

static const struct field calendar_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT | FF_UNIQUE, 1, 200, NULL, NULL, "Nama", "Name"},
    {"timezone", FT_TZ, 0, 1, 64, NULL, NULL, "Zona waktu", "Time zone", "Asia/Jakarta"},
    {"work_days", FT_DAYS, 0, 1, 13, NULL, NULL, "Hari kerja", "Working days", "1,2,3,4,5"},
    {"work_start", FT_HHMM, 0, 5, 5, NULL, NULL, "Jam mulai", "Start time", "08:00"},
    {"work_end", FT_HHMM, 0, 5, 5, NULL, NULL, "Jam selesai", "End time", "16:00"},
    ACTIVE,
};
const struct resource res_calendars = {"calendars", "calendars", "calendar", calendar_fields, N(calendar_fields), "name", true, record_calendar_rules};

static const struct field holiday_fields[] = {
    {"calendar_id", FT_REF, FF_REQUIRED | FF_FILTER, 0, 0, NULL, "calendars", "Kalender", "Calendar"},
    {"date", FT_DATE, FF_REQUIRED | FF_SORT | FF_FILTER, 10, 10, NULL, NULL, "Tanggal", "Date"},
    {"name", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT, 1, 200, NULL, NULL, "Nama", "Name"},
};
const struct resource res_holidays = {"holidays", "holidays", "holiday", holiday_fields, N(holiday_fields), "date", false};

static const struct field sla_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT | FF_UNIQUE, 1, 200, NULL, NULL, "Nama", "Name"},
    {"first_response_minutes", FT_INT, FF_REQUIRED | FF_SORT, 1, 525600, NULL, NULL, "Target respons pertama (menit kerja)", "First response target (business minutes)"},
    {"resolution_minutes", FT_INT, FF_REQUIRED | FF_SORT, 1, 525600, NULL, NULL, "Target penyelesaian (menit kerja)", "Resolution target (business minutes)"},
    {"warn_before_minutes", FT_INT, 0, 0, 525600, NULL, NULL, "Peringatan sebelum (menit)", "Warn before (minutes)", "60"},
    {"calendar_id", FT_REF, FF_FILTER, 0, 0, NULL, "calendars", "Kalender", "Calendar"},
    ACTIVE,
};
const struct resource res_sla_policies = {"sla-policies", "sla_policies", "sla_policy", sla_fields, N(sla_fields), "name", true};

static const struct field priority_fields[] = {
    {"code", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_FILTER | FF_UNIQUE, 1, 32, NULL, NULL, "Kode", "Code"},
    {"name", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT, 1, 100, NULL, NULL, "Nama", "Name"},
    {"rank", FT_INT, FF_SORT, 0, 1000, NULL, NULL, "Urutan", "Rank", "0"},
    {"sla_policy_id", FT_REF, FF_FILTER, 0, 0, NULL, "sla-policies", "Kebijakan SLA", "SLA policy"},
    ACTIVE,
};
const struct resource res_priorities = {"priorities", "priorities", "priority", priority_fields, N(priority_fields), "rank", true};

static const struct field service_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT | FF_UNIQUE, 1, 200, NULL, NULL, "Nama", "Name"},
    {"kind", FT_ENUM, FF_REQUIRED | FF_FILTER | FF_SORT, 0, 0, service_kinds, NULL, "Jenis", "Kind"},
    {"category_id", FT_REF, FF_FILTER, 0, 0, NULL, "categories", "Kategori", "Category"},
    {"unit_id", FT_REF, FF_FILTER, 0, 0, NULL, "units", "Unit penanganan", "Handling unit"},
    {"priority_id", FT_REF, FF_FILTER, 0, 0, NULL, "priorities", "Prioritas bawaan", "Default priority"},
    {"sla_policy_id", FT_REF, FF_FILTER, 0, 0, NULL, "sla-policies", "Kebijakan SLA", "SLA policy"},
    {"external_url", FT_URL, 0, 0, 2000, NULL, NULL, "URL aplikasi", "External URL"},
    {"helpdesk_phone", FT_PHONE, 0, 0, 32, NULL, NULL, "Telepon helpdesk", "Helpdesk phone"},
    {"description", FT_TEXT, FF_SEARCH, 0, 10000, NULL, NULL, "Keterangan", "Description"},
    ACTIVE,
    /* issue #21 item 6: told first of escalations to the unit (svc/service_pic.h) */
    {"pic_user_id", FT_REF, FF_FILTER, 0, 0, NULL, "users", "PIC layanan", "Service PIC"},
    /* issue #20 item 12: words the catalogue search also matches (migration 0034) */
    {"keywords", FT_TEXT, FF_SEARCH, 0, 500, NULL, NULL, "Kata kunci pencarian", "Search keywords"},
};
const struct resource res_services = {"services", "services", "service", service_fields, N(service_fields), "name", true};

static const struct field tag_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT | FF_UNIQUE, 1, 64, NULL, NULL, "Nama", "Name"},
    {"color", FT_TEXT, 0, 0, 16, NULL, NULL, "Warna", "Colour"},
    ACTIVE,
};
const struct resource res_tags = {"tags", "tags", "tag", tag_fields, N(tag_fields), "name", true};

static const struct field canned_fields[] = {
    {"title", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT, 1, 200, NULL, NULL, "Judul", "Title"},
    {"body", FT_TEXT, FF_REQUIRED | FF_SEARCH, 1, 20000, NULL, NULL, "Isi", "Body"},
    {"category_id", FT_REF, FF_FILTER, 0, 0, NULL, "categories", "Kategori", "Category"},
    ACTIVE,
};
const struct resource res_canned_responses = {"canned-responses", "canned_responses", "canned_response", canned_fields, N(canned_fields), "title", true};

/* Reasons staff give for turning a ticket down at verification (issue #21,
** migration 0020): svc/ticket_status.c accepts an active code only. */
static const struct field reject_reason_fields[] = {
    {"code", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_FILTER | FF_SORT | FF_UNIQUE, 1, 40, NULL, NULL, "Kode", "Code"},
    {"name", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT, 1, 200, NULL, NULL, "Nama", "Name"},
    {"rank", FT_INT, FF_SORT, 0, 1000, NULL, NULL, "Urutan", "Rank", "0"},
    ACTIVE,
};
const struct resource res_reject_reasons = {"reject-reasons", "reject_reasons", "reject_reason", reject_reason_fields, N(reject_reason_fields), "rank", true};

static const struct field user_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT, 1, 200, NULL, NULL, "Nama", "Name"},
    {"nip", FT_NIP, FF_SEARCH | FF_FILTER | FF_UNIQUE, 18, 18, NULL, NULL, "NIP", "NIP"},
    {"email", FT_EMAIL, FF_REQUIRED | FF_SEARCH | FF_FILTER | FF_SORT | FF_UNIQUE, 3, 254, NULL, NULL, "Email", "Email"},
    {"phone", FT_PHONE, FF_SEARCH | FF_FILTER, 0, 32, NULL, NULL, "Telepon", "Phone"},
    {"unit_id", FT_REF, FF_FILTER, 0, 0, NULL, "units", "Unit", "Unit"},
    {"role", FT_ENUM, FF_REQUIRED | FF_FILTER | FF_SORT, 0, 0, roles, NULL, "Peran", "Role"},
    {"tier", FT_INT, FF_FILTER, 1, 3, NULL, NULL, "Tingkat", "Tier"},
    {"vendor_id", FT_REF, FF_FILTER, 0, 0, NULL, "vendors", "Vendor", "Vendor"},
    /* agents: administers the partners (mitra) of their own unit (core/perm.c) */
    {"partner_admin", FT_BOOL, FF_FILTER, 0, 1, NULL, NULL, "Admin mitra", "Partner admin", "0"},
    {"locale", FT_ENUM, 0, 0, 0, locales, NULL, "Bahasa", "Language", "id"},
    ACTIVE,
    {"password_hash", FT_TEXT, FF_HIDDEN, 0, 512, NULL, NULL, "", ""},
    {"password", FT_TEXT, FF_VIRTUAL, 8, 256, NULL, NULL, "Kata sandi", "Password"},
    /* the identity a channel intake asked for and an agent checked (seed
    ** 002; svc/identity.c writes them; staff-only in JSON, api/auth.c) */
    {"identity_channel", FT_TEXT, FF_FILTER | FF_READONLY, 0, 16, NULL, NULL, "Jalur identitas", "Identity channel"},
    {"identity_number", FT_TEXT, FF_SEARCH | FF_READONLY, 0, 64, NULL, NULL, "NIP/NIM dikirim", "NIP/NIM sent"},
    {"identity_sent", FT_TEXT, FF_READONLY, 0, 2000, NULL, NULL, "Identitas dikirim", "Identity sent"},
    {"identity_sent_at", FT_TEXT, FF_READONLY, 0, 32, NULL, NULL, "Identitas dikirim pada", "Identity sent at"},
    {"identity_verified_at", FT_TEXT, FF_FILTER | FF_READONLY, 0, 32, NULL, NULL, "Identitas diverifikasi pada", "Identity verified at"},
    {"identity_verified_by", FT_REF, FF_READONLY, 0, 0, NULL, "users", "Diverifikasi oleh", "Verified by"},
    /* issue #22: where the account signs in (local, ldap, oidc) and the
    ** directory's name for it; written by svc/directory_login.c only */
    {"auth_source", FT_TEXT, FF_FILTER | FF_READONLY, 0, 16, NULL, NULL, "Sumber akun", "Account source", "local"},
    {"external_id", FT_TEXT, FF_FILTER | FF_READONLY, 0, 1000, NULL, NULL, "ID di direktori", "Directory ID"},
};
const struct resource res_users = {"users", "users", "user", user_fields, N(user_fields), "name", true, record_user_rules};

/* Macros (issue #20, migration 0032): a reply, a status, tags and an
** assignment one click applies to a ticket (svc/macro.c); the rules across
** fields and the tag list's reader are core/macro.c's. */
static const char *const macro_statuses[] = {"in_progress", "waiting", "resolved", NULL};
static const char *const macro_assigns[] = {"self", "user", NULL};
static const struct field macro_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT | FF_UNIQUE, 1, 120, NULL, NULL, "Nama", "Name"},
    {"body", FT_TEXT, FF_SEARCH, 0, 20000, NULL, NULL, "Balasan", "Reply"},
    {"internal", FT_BOOL, 0, 0, 1, NULL, NULL, "Sebagai catatan internal", "As an internal note", "0"},
    {"status", FT_ENUM, FF_FILTER, 0, 0, macro_statuses, NULL, "Status", "Status"},
    {"tags", FT_TEXT, 0, 0, 600, NULL, NULL, "Label", "Tags"},
    {"assign", FT_ENUM, 0, 0, 0, macro_assigns, NULL, "Tugaskan", "Assign"},
    {"assignee_id", FT_REF, 0, 0, 0, NULL, "users", "Petugas", "Assignee"},
    ACTIVE,
};
const struct resource res_macros = {"macros", "macros", "macro", macro_fields, N(macro_fields), "name", true, record_macro_rules};

const struct resource *const resources[] = {
    &res_units, &res_vendors, &res_categories, &res_calendars, &res_holidays,
    &res_sla_policies, &res_priorities, &res_services, &res_tags,
    &res_canned_responses, &res_users, &res_partners, &res_activities, &res_reject_reasons,
    &res_macros, /* issue #20 */
    NULL,
};

int record_not_found(const struct resource *res, struct err *err)
{
    err_set(err, ERR_NOT_FOUND, "", "%s tidak ditemukan", "%s not found", res->one);
    snprintf(err->code, sizeof err->code, "%s.not_found", res->one);
    return ERR_NOT_FOUND;
}

int record_duplicate(const struct resource *res, const char *field, struct err *err)
{
    err_field(err, field, "sudah dipakai", "is already taken");
    err_set(err, ERR_CONFLICT, "", "%s dengan nilai itu sudah ada",
            "a %s with that value already exists", res->one);
    snprintf(err->code, sizeof err->code, "%s.duplicate", res->one);
    return ERR_CONFLICT;
}

int record_referenced(const struct resource *res, struct err *err)
{
    err_set(err, ERR_CONFLICT, "", "%s masih dipakai data lain; nonaktifkan saja",
            "this %s is still referenced; deactivate it instead", res->one);
    snprintf(err->code, sizeof err->code, "%s.referenced", res->one);
    return ERR_CONFLICT;
}

int record_rule_broken(const char *why, struct err *err)
{
    return err_set(err, ERR_INVALID, "validation", "data melanggar aturan: %s",
                   "data violates a rule: %s", why);
}

char *record_like_pattern(struct arena *a, const char *q)
{
    size_t n = strlen(q);
    char *p = arena_alloc(a, n * 2 + 3), *o = p;
    *o++ = '%';
    for (const char *s = q; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            *o++ = '\\';
        *o++ = *s;
    }
    *o++ = '%';
    *o = 0;
    return p;
}

const struct resource *resource_find(const char *name)
{
    for (size_t i = 0; resources[i]; i++)
        if (strcmp(resources[i]->name, name) == 0)
            return resources[i];
    return NULL;
}

int resource_field(const struct resource *res, const char *name)
{
    for (size_t i = 0; i < res->n_fields; i++)
        if (strcmp(res->fields[i].name, name) == 0)
            return (int)i;
    return -1;
}

struct record *record_new(struct arena *a, const struct resource *res)
{
    struct record *r = arena_alloc(a, sizeof *r);
    r->v = arena_alloc(a, sizeof *r->v * res->n_fields);
    return r;
}

struct record *record_copy(const struct resource *res, const struct record *r,
                           struct arena *a)
{
    struct record *c = arena_alloc(a, sizeof *c);
    c->id = r->id;
    c->v = arena_alloc(a, res->n_fields * sizeof *c->v);
    for (size_t f = 0; f < res->n_fields; f++) {
        c->v[f] = r->v[f];
        if (r->v[f].s)
            c->v[f].s = arena_strdup(a, r->v[f].s);
    }
    c->created_at = r->created_at ? arena_strdup(a, r->created_at) : NULL;
    c->updated_at = r->updated_at ? arena_strdup(a, r->updated_at) : NULL;
    return c;
}

void record_apply_defaults(const struct resource *res, struct record *r)
{
    for (size_t i = 0; i < res->n_fields; i++) {
        const struct field *f = &res->fields[i];
        struct value *v = &r->v[i];
        if (v->set || !f->def)
            continue;
        v->set = true;
        v->null = false;
        if (f->type == FT_INT || f->type == FT_BOOL || f->type == FT_REF)
            v->i = strtoll(f->def, NULL, 10);
        else
            v->s = f->def;
    }
}

/* ---- format checks ---------------------------------------------------- */

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static bool valid_email(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || !at[1])
        return false;
    const char *dot = strrchr(at, '.');
    if (!dot || dot == at + 1 || !dot[1])
        return false;
    for (const char *p = s; *p; p++)
        if (isspace((unsigned char)*p) || *p == '<' || *p == '>' || *p == ',' || *p == ';')
            return false;
    return true;
}

static bool valid_phone(const char *s)
{
    if (*s == '+')
        s++;
    size_t digits = 0;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s))
            digits++;
        else if (*s != ' ' && *s != '-' && *s != '(' && *s != ')')
            return false;
    }
    return digits >= 5 && digits <= 20;
}

static bool valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) ||
        !all_digits(s + 5, 2) || !all_digits(s + 8, 2))
        return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

static bool valid_hhmm(const char *s)
{
    return strlen(s) == 5 && s[2] == ':' && all_digits(s, 2) && all_digits(s + 3, 2) &&
           (s[0] - '0') * 10 + (s[1] - '0') < 24 && (s[3] - '0') * 10 + (s[4] - '0') < 60;
}

static bool valid_days(const char *s)
{
    unsigned seen = 0;
    for (;;) {
        if (*s < '1' || *s > '7' || (seen & (1u << (*s - '0'))))
            return false;
        seen |= 1u << (*s - '0');
        s++;
        if (!*s)
            return true;
        if (*s++ != ',')
            return false;
    }
}

static bool valid_url(const char *s)
{
    return (strncmp(s, "https://", 8) == 0 && s[8]) || (strncmp(s, "http://", 7) == 0 && s[7]);
}

static void bad(struct err *e, const struct field *f, const char *id, const char *en)
{
    (void)f;
    err_field(e, f->name, id, en);
}

static void check_text(const struct field *f, const struct value *v, struct err *e)
{
    size_t n = strlen(v->s);
    if ((int64_t)n < f->min || (f->max && (int64_t)n > f->max)) {
        char id[160], en[160];
        if (n == 0) {
            bad(e, f, "wajib diisi", "is required");
            return;
        }
        snprintf(id, sizeof id, "panjang harus %lld–%lld karakter", (long long)f->min,
                 (long long)f->max);
        snprintf(en, sizeof en, "length must be %lld–%lld characters", (long long)f->min,
                 (long long)f->max);
        bad(e, f, id, en);
        return;
    }
    switch (f->type) {
    case FT_EMAIL:
        if (n && !valid_email(v->s))
            bad(e, f, "bukan alamat email yang valid", "is not a valid email address");
        break;
    case FT_PHONE:
        if (n && !valid_phone(v->s))
            bad(e, f, "bukan nomor telepon yang valid", "is not a valid phone number");
        break;
    case FT_URL:
        if (n && !valid_url(v->s))
            bad(e, f, "harus URL http(s)", "must be an http(s) URL");
        break;
    case FT_DATE:
        if (!valid_date(v->s))
            bad(e, f, "harus tanggal YYYY-MM-DD", "must be a date YYYY-MM-DD");
        break;
    case FT_HHMM:
        if (!valid_hhmm(v->s))
            bad(e, f, "harus jam HH:MM", "must be a time HH:MM");
        break;
    case FT_DAYS:
        if (!valid_days(v->s))
            bad(e, f, "harus daftar hari 1–7, mis. 1,2,3,4,5",
                "must list weekdays 1–7, e.g. 1,2,3,4,5");
        break;
    case FT_TZ: {
        int off;
        if (bizcal_zone_offset(v->s, &off) != 0)
            bad(e, f, "zona waktu tidak dikenal (mis. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)",
                "unknown time zone (e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)");
        break;
    }
    case FT_NIP:
        if (!all_digits(v->s, n))
            bad(e, f, "NIP harus 18 digit angka", "NIP must be 18 digits");
        break;
    case FT_ENUM: {
        bool ok = false;
        for (const char *const *c = f->choices; *c; c++)
            ok = ok || strcmp(*c, v->s) == 0;
        if (!ok)
            bad(e, f, "nilai tidak dikenal", "unknown value");
        break;
    }
    default:
        break;
    }
}

int record_validate(const struct resource *res, const struct record *r, bool create,
                    struct err *err)
{
    size_t before = err->n_fields;
    for (size_t i = 0; i < res->n_fields; i++) {
        const struct field *f = &res->fields[i];
        const struct value *v = &r->v[i];
        if (f->flags & FF_HIDDEN)
            continue;
        if (!v->set || v->null) {
            if ((f->flags & FF_REQUIRED) && (create || v->set))
                bad(err, f, "wajib diisi", "is required");
            else if (v->set && v->null && f->def) /* a column with a default is NOT NULL */
                bad(err, f, "tidak boleh kosong", "cannot be null");
            continue;
        }
        switch (f->type) {
        case FT_INT:
            if (v->i < f->min || v->i > f->max) {
                char id[160], en[160];
                snprintf(id, sizeof id, "harus antara %lld dan %lld", (long long)f->min,
                         (long long)f->max);
                snprintf(en, sizeof en, "must be between %lld and %lld", (long long)f->min,
                         (long long)f->max);
                bad(err, f, id, en);
            }
            break;
        case FT_REF:
            if (v->i <= 0)
                bad(err, f, "harus id yang valid", "must be a valid id");
            break;
        case FT_BOOL:
            break;
        default:
            check_text(f, v, err);
        }
    }
    if (err->n_fields > before)
        return err_set(err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
    return 0;
}

/* ---- account rules ---------------------------------------------------- */

/* The value a field will have after the write: the new one if given, else the old. */
const struct value *record_after(const struct resource *res, const struct record *r,
                                 const struct record *old, const char *name)
{
    static const struct value none = {.set = true, .null = true};
    int i = resource_field(res, name);
    if (r->v[i].set)
        return &r->v[i];
    return old ? &old->v[i] : &none;
}

static const struct value *after(const struct record *r, const struct record *old,
                                 const char *name)
{
    return record_after(&res_users, r, old, name);
}

int record_user_rules(struct record *r, const struct record *old, struct err *err)
{
    size_t before = err->n_fields;
    const struct value *role = after(r, old, "role"), *tier = after(r, old, "tier");
    bool agent = !role->null && role->s && strcmp(role->s, "agent") == 0;
    if (agent && tier->null) {
        struct value *t = &r->v[resource_field(&res_users, "tier")];
        *t = (struct value){.set = true, .i = 1};
        tier = t;
    }
    if (!agent && !tier->null)
        err_field(err, "tier", "hanya untuk agen", "only agents have a tier");
    if (agent && tier->i == 2 && after(r, old, "unit_id")->null)
        err_field(err, "unit_id", "agen tingkat 2 harus punya unit", "a tier 2 agent needs a unit");
    if (agent && tier->i == 3 && after(r, old, "vendor_id")->null)
        err_field(err, "vendor_id", "agen tingkat 3 harus punya vendor",
                  "a tier 3 agent needs a vendor");
    /* a partner admin administers the partners of their own office */
    const struct value *padm = after(r, old, "partner_admin");
    if (!padm->null && padm->i && (!agent || after(r, old, "unit_id")->null))
        err_field(err, "partner_admin", "hanya untuk agen yang punya unit",
                  "only for agents with a unit");
    if (err->n_fields > before)
        return err_set(err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
    return 0;
}

int record_calendar_rules(struct record *r, const struct record *old, struct err *err)
{
    const struct value *start = record_after(&res_calendars, r, old, "work_start");
    const struct value *end = record_after(&res_calendars, r, old, "work_end");
    /* "HH:MM" strings order like the times they name */
    if (!start->null && !end->null && start->s && end->s && strcmp(end->s, start->s) <= 0)
        return err_invalid(err, "work_end", "jam selesai harus setelah jam mulai",
                           "the end must be after the start");
    return 0;
}

/* Master-data resources described as data: one table of fields per
** resource drives validation (core), JSON shaping (api) and generic CRUD
** SQL (store). Adding a resource is adding a table here plus a migration.
** Column names come only from these static tables; values are always bound. */
#ifndef LOKET_RESOURCE_H
#define LOKET_RESOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct err;
struct record;

enum ftype {
    FT_TEXT,
    FT_INT,
    FT_BOOL,
    FT_REF,   /* id of another resource's row */
    FT_ENUM,  /* one of choices[] */
    FT_EMAIL,
    FT_PHONE,
    FT_URL,   /* http(s) only */
    FT_DATE,  /* YYYY-MM-DD */
    FT_HHMM,  /* HH:MM */
    FT_DAYS,  /* ISO weekdays "1,2,3,4,5" */
    FT_NIP,   /* 18-digit civil-servant number */
    FT_TZ,    /* a time zone core/bizcal.c knows */
};

enum fflag {
    FF_REQUIRED = 1 << 0,
    FF_SEARCH = 1 << 1,   /* matched by ?q= */
    FF_FILTER = 1 << 2,   /* ?name=value filter */
    FF_SORT = 1 << 3,     /* ?sort=name|-name */
    FF_HIDDEN = 1 << 4,   /* never read from or written to JSON (password_hash) */
    FF_UNIQUE = 1 << 5,   /* duplicate → 409 */
    FF_VIRTUAL = 1 << 6,  /* accepted from JSON, never stored or shown (password) */
    FF_READONLY = 1 << 7, /* shown in JSON, ignored in it like id (written by svc/ only) */
};

struct field {
    const char *name;
    enum ftype type;
    unsigned flags;
    int64_t min, max;            /* text: length in bytes; int: value */
    const char *const *choices;  /* FT_ENUM, NULL-terminated */
    const char *ref;             /* FT_REF: resource name */
    const char *label_id, *label_en;
    const char *def;             /* default on create, as text ("1", "08:00") */
};

struct resource {
    const char *name;   /* URL segment and error-code prefix: "units" */
    const char *table;
    const char *one;    /* singular for codes: "unit" */
    const struct field *fields;
    size_t n_fields;
    const char *default_sort;
    bool has_active;    /* has the "active" flag (deactivate instead of delete) */
    /* Rules across fields (r: new values, unset = keep old's; old NULL on
    ** create); NULL when there are none. 0 or ERR_INVALID with fields. */
    int (*rules)(struct record *r, const struct record *old, struct err *err);
};

/* A value as it travels between layers; `set` false = not given (PATCH). */
struct value {
    bool set, null;
    int64_t i;      /* FT_INT, FT_BOOL, FT_REF */
    const char *s;  /* every text type */
};

struct record {
    int64_t id;
    struct value *v;          /* n_fields entries, indexed like res->fields */
    const char *created_at, *updated_at;
};

/* All master resources, NULL-terminated. */
extern const struct resource *const resources[];
const struct resource *resource_find(const char *name);
/* Index of field `name` or -1. */
int resource_field(const struct resource *res, const char *name);
/* A record with n_fields unset values, in arena a. */
struct record *record_new(struct arena *a, const struct resource *res);
/* A deep copy of r (its strings too) in arena a: the drivers' record caches. */
struct record *record_copy(const struct resource *res, const struct record *r,
                           struct arena *a);
/* Fills unset fields that have a default (create only). */
void record_apply_defaults(const struct resource *res, struct record *r);
/* Checks types, bounds, required fields (create) and formats. Adds one err
** field per problem; returns 0 or ERR_INVALID. */
int record_validate(const struct resource *res, const struct record *r, bool create,
                    struct err *err);

/* The account rules beyond field types, shared by the API and the CLI: an
** agent without a tier gets tier 1; only agents have a tier; tier 2 needs a
** unit and tier 3 a vendor. r holds the new values (an unset field keeps
** old's, old NULL on create). Adds field errors; returns 0 or ERR_INVALID. */
int record_user_rules(struct record *r, const struct record *old, struct err *err);
/* The value field `name` will have after a write: r's if given, else old's
** (null when neither). */
const struct value *record_after(const struct resource *res, const struct record *r,
                                 const struct record *old, const char *name);
/* The answers every store driver gives about records (docs/storage-driver.md):
** ERR_NOT_FOUND "<one>.not_found"; ERR_CONFLICT "<one>.duplicate" naming the
** field whose value is taken; ERR_CONFLICT "<one>.referenced" for a row
** other rows still point at; ERR_INVALID "validation" for another rule the
** database keeps (why: its own words). Each returns its kind. */
int record_not_found(const struct resource *res, struct err *err);
int record_duplicate(const struct resource *res, const char *field, struct err *err);
int record_referenced(const struct resource *res, struct err *err);
int record_rule_broken(const char *why, struct err *err);
/* q as a LIKE pattern (ESCAPE '\') matching it literally anywhere: "50%"
** finds "50%", not "500"; in arena a. */
char *record_like_pattern(struct arena *a, const char *q);
/* Calendars: work_end after work_start. */
int record_calendar_rules(struct record *r, const struct record *old, struct err *err);

extern const struct resource res_units, res_vendors, res_categories, res_calendars,
    res_holidays, res_sla_policies, res_priorities, res_services, res_tags,
    res_canned_responses, res_users;
/* Partner administration (core/res_partners.c). */
extern const struct resource res_partners, res_activities;
/* Rejection reason codes (issue #21, migration 0020). */
extern const struct resource res_reject_reasons;
/* Macros (issue #20, migration 0032; rules in core/macro.c). */
extern const struct resource res_macros;
int record_macro_rules(struct record *r, const struct record *old, struct err *err);

#endif

/* The storage interface. api/, svc/, core/ and the rest see only these
** types; no SQLite (or libpq) type crosses this header, so a PostgreSQL
** driver is one more struct store_ops in store/pg/ selected by LOKET_DB_URL.
**
** A struct store is the shared handle (a pool of connections); a struct db
** is one connection used by one thread at a time, acquired per request.
** All functions return 0 or a negative enum err_kind and fill err.
** Results that carry strings are allocated in the arena passed in.
**
** The interface is this header plus the area headers beside it, each
** ending with its table of operations and their wrappers:
**   store.h              lifecycle, tx, maint, rec, auth, admin, ticket,
**                        outbox, faq (struct store_*_ops below)
**   channels.h           mail and WhatsApp intake records
**   report_store.h       reports, appointment figures, export jobs
**   bookings.h           schedules and bookings
**   booking_invites.h    invite sequences, reminders, WhatsApp dialogues
**   partners.h           partner rates, ceilings, assignments, contracts
**   letter_store.h       partner letters
**   signup.h             self sign-up
**   attachment_limits.h  per-service attachment limits
**   wa_notify.h          WhatsApp notification choices, rating replies
**   inapp.h              in-app notifications (the bell)
**   oidc_store.h         OpenID Connect sign-ins and linked identities
**   automation.h         automation rules and their runs
**   user_invite.h        admin invitations (one-time password links)
** Callers use the static inline wrappers (db_ticket_get, chan_mail_find,
** ...), never db->ops->... (tests/docs/check_store_boundary.py). What a
** driver must guarantee beyond the signatures: docs/storage-driver.md. */
#ifndef LOKET_STORE_H
#define LOKET_STORE_H

#include "core/err.h"
#include "core/perm.h"
#include "core/resource.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct store;
struct db;

enum { STORE_HASH_LEN = 32, STORE_MAX_FILTERS = 16 };

struct rec_filter {
    int field;          /* index into res->fields */
    struct value val;
};

struct rec_query {
    const char *q;      /* free text over FF_SEARCH fields; NULL = none */
    struct rec_filter filters[STORE_MAX_FILTERS];
    size_t n_filters;
    int sort_field;     /* -1 = resource default */
    bool sort_desc;
    int64_t page, per_page;
};

/* A user as authentication needs it. */
struct user_auth {
    struct principal p;
    const char *name, *email, *nip, *locale, *password_hash;
};

struct session_row {
    struct user_auth user;
    const char *csrf_token;
    int64_t expires_at;
};

/* An API token as its owner sees it: never the secret or its hash. */
struct token_row {
    int64_t id, created_at, expires_at; /* unix seconds; expires_at 0 = never */
    const char *name;
};

/* Sign-in throttling of one (account, client address) pair. */
struct login_throttle {
    int64_t failures;        /* in a row */
    int64_t last_failure_at; /* unix seconds */
    int64_t blocked_until;   /* unix seconds; 0 = not blocked */
};

struct audit_row {
    int64_t id, actor_id, record_id;
    const char *at, *actor_name, *action, *resource, *detail, *ip;
};

struct audit_query {
    const char *q, *resource;
    int64_t actor_id;
    int64_t page, per_page;
};

/* A ticket row with the names the API shows beside the ids. */
struct ticket {
    int64_t id;
    const char *number, *title, *description;
    int64_t service_id, category_id, priority_id, requester_id, unit_id;
    const char *contact_name, *contact_phone, *channel, *status;
    int64_t assignee_id;
    int tier;
    int64_t esc_unit_id, esc_vendor_id, created_by;
    int64_t created_at, updated_at, first_response_at, resolved_at, closed_at;
    int64_t sla_policy_id, first_response_due, resolution_due, sla_paused_minutes;
    int64_t waiting_since;
    bool first_response_breached, resolution_breached, sla_warned;
    const char *resolution_summary, *cancel_reason, *feedback;
    int rating; /* 0 = none */
    int64_t merged_into_id;
    int64_t version;
    /* read-only, joined */
    const char *service_name, *service_kind, *requester_name, *requester_email;
    const char *requester_locale, *assignee_name, *assignee_email, *unit_name;
    const char *priority_code, *merged_into_number;
    const char **tags;
    size_t n_tags;
    /* an appointment (migration 0014): no SLA, and seen only by its
    ** requester, the service's staff (read with it) and admins */
    bool booking;
    const int64_t *staff_ids;
    size_t n_staff;
};

/* ticket_list counts at most this many matches, and *capped then says *total
** is a lower bound: TICKET_COUNT_CAP, or for a text search with filters the
** matching tickets among the first TICKET_COUNT_CAP + 1 text matches. */
enum { TICKET_COUNT_CAP = 10000 };

struct ticket_query {
    struct ticket_scope scope;
    const char *q;                 /* full text */
    const char *statuses[8];       /* any of */
    size_t n_statuses;
    int64_t unit_id, service_id, category_id, priority_id, assignee_id, requester_id;
    int tier;
    bool unassigned;
    const char *channel, *tag;
    int64_t created_from, created_to; /* unix seconds; 0 = open */
    int sla_breached;              /* -1 any, 0 no, 1 yes */
    int64_t due_before;            /* open tickets whose resolution is due before; 0 = off */
    /* issue #21 item 5: tickets nobody has filed under a tag / a category */
    bool untagged, uncategorised;
    /* reports only (issue #16): bookings (tickets of appointments) are left
    ** out of helpdesk figures (-1) unless asked for: 0 with them, 1 only them */
    int appointments;
    const char *sort;              /* column name from an allow-list in the driver */
    bool sort_desc;
    int64_t page, per_page;
};

struct ticket_event {
    int64_t id, ticket_id, at, actor_id;
    const char *actor_name, *kind, *field, *old_value, *new_value, *body;
    bool internal;
    /* who the ticket went to, by name, on an escalation (issue #20 item 8); else NULL */
    const char *target;
};

struct outbox_row {
    int64_t id, ticket_id, recipient_id, created_at, next_attempt_at;
    const char *recipient, *channel, *template_key, *locale, *vars, *status;
    int attempts;
    /* read-only: set by the mail worker */
    int64_t claimed_at, sent_at;
    const char *last_error;
};

/* An admin's override of a built-in mail template (notify/templates.h). */
struct mail_template_row {
    const char *key, *locale, *subject, *text, *html;
    int64_t updated_at, updated_by;
};

struct attachment {
    int64_t id, ticket_id, uploader_id, size, created_at;
    const char *filename, *content_type, *sha256, *stored_name, *uploader_name;
    bool internal;
};

struct faq {
    int64_t id, category_id, created_by, created_at, updated_at, helpful_yes, helpful_no;
    const char *question, *answer_md, *answer_html;
    bool published;
};

struct faq_query {
    const char *q;
    int64_t category_id;
    bool published_only;
    int64_t page, per_page;
};

struct faq_proposal {
    int64_t id, proposer_id, category_id, reviewed_by, reviewed_at, article_id, created_at;
    const char *question, *answer_md, *status, *reject_reason, *proposer_name;
};

/* Transactions and the group-commit writer's hooks. */
struct store_tx_ops {
    /* The group-commit writer's connection: with on, triggers are off and
    ** a new ticket's report_daily counts are gathered in memory (a job
    ** rolled back to its savepoint drops its own); batch_flush writes them,
    ** once per batch, before the commit. */
    void (*batch_mode)(struct db *db, bool on);
    int (*batch_flush)(struct db *db, struct err *err);
    /* Inside a write transaction: drops the search log rows the indexer
    ** has covered (a few thousand at a time; the batch writer calls it). */
    int (*index_trim)(struct db *db, struct err *err);
    int (*begin)(struct db *db, struct err *err);
    int (*commit)(struct db *db, struct err *err);
    void (*rollback)(struct db *db);
    /* Nested savepoint inside the open transaction: op 0 opens, 1 releases,
    ** 2 rolls back to it (and releases). Used by the group-commit writer. */
    int (*savepoint)(struct db *db, int op, struct err *err);
    /* Rows written so far by this connection's statements (not counting
    ** what triggers wrote), or -1 when its transaction is gone (an I/O
    ** error rolled it back): tells the group-commit writer whether a job
    ** that failed without a savepoint left writes behind. */
    int64_t (*tx_writes)(struct db *db);
};

/* Upkeep: schema, liveness, backups, the search index. */
struct store_maint_ops {
    /* Brings the search index up to date on this thread (`loket
    ** search-index`); progress(done, end) in log positions when not NULL. */
    int (*index_all)(struct db *db, void (*progress)(int64_t done, int64_t end),
                     struct err *err);
    int (*migrate)(struct db *db, int *applied, struct err *err);
    /* Migrations already applied and still to apply; store.too_new when the
    ** database holds one this binary does not know (migrate checks it too). */
    int (*migrate_plan)(struct db *db, int *pending, int *applied, struct err *err);
    int (*ping)(struct db *db, struct err *err);
    int (*backup)(struct db *db, const char *dest, struct err *err);
    /* issue #19: a periodic job of `loket serve` runs on one node at a time.
    ** hold true asks for the job's lock on this connection: 1 granted, 0
    ** another node holds it (skip this round), -1 error; hold false gives
    ** it back (before store_release). SQLite (one server) always grants;
    ** PostgreSQL takes a session advisory lock, freed by the database if
    ** the node dies. docs/postgresql.md, "Several nodes". */
    int (*singleton)(struct db *db, const char *job, bool hold, struct err *err);
};

/* Master data: the tables described by core/resource.h. */
struct store_record_ops {
    int (*rec_list)(struct db *db, const struct resource *res, const struct rec_query *q,
                    struct arena *a, struct record ***items, size_t *n, int64_t *total,
                    struct err *err);
    int (*rec_get)(struct db *db, const struct resource *res, int64_t id, struct arena *a,
                   struct record **out, struct err *err);
    int (*rec_create)(struct db *db, const struct resource *res, struct record *r,
                      struct err *err);
    int (*rec_update)(struct db *db, const struct resource *res, int64_t id,
                      const struct record *r, struct err *err);
    int (*rec_delete)(struct db *db, const struct resource *res, int64_t id, struct err *err);
};

/* Users, sessions, API tokens and sign-in throttling. */
struct store_auth_ops {
    int (*user_by_login)(struct db *db, const char *login, struct arena *a,
                         struct user_auth *out, struct err *err);
    int (*user_by_id)(struct db *db, int64_t id, struct arena *a, struct user_auth *out,
                      struct err *err);
    /* A new password: also ends the user's sessions and revokes their API
    ** tokens (user_revoke_access with no session kept). */
    int (*user_set_password)(struct db *db, int64_t id, const char *hash, struct err *err);
    /* After a password change: deletes the user's sessions but keep (a
    ** session token hash, or NULL) and revokes all their API tokens. */
    int (*user_revoke_access)(struct db *db, int64_t user_id, const unsigned char *keep,
                              struct err *err);
    /* The same password hashed anew (today's parameters): only while the
    ** stored hash is still old_hash, and the user's sessions stay. */
    int (*user_rehash)(struct db *db, int64_t id, const char *old_hash, const char *hash,
                       struct err *err);
    int (*session_create)(struct db *db, int64_t user_id, const unsigned char *hash,
                          const char *csrf, int64_t expires_at, const char *ip,
                          struct err *err);
    int (*session_lookup)(struct db *db, const unsigned char *hash, int64_t now,
                          struct arena *a, struct session_row *out, struct err *err);
    int (*session_delete)(struct db *db, const unsigned char *hash, struct err *err);
    int (*token_create)(struct db *db, int64_t user_id, const char *name,
                        const unsigned char *hash, int64_t expires_at, int64_t *id,
                        struct err *err);
    /* The live (not revoked, not expired) token's user; *expires_at gets
    ** its expiry (0 = never) so caches drop it in time. */
    int (*token_lookup)(struct db *db, const unsigned char *hash, int64_t now,
                        struct arena *a, struct user_auth *out, int64_t *expires_at,
                        struct err *err);
    /* A user's tokens that are not revoked (expired ones included), oldest first. */
    int (*token_list)(struct db *db, int64_t user_id, struct arena *a,
                      struct token_row **items, size_t *n, struct err *err);
    /* Revokes user_id's token id; ERR_NOT_FOUND (token.not_found) when it
    ** is not theirs or already revoked. */
    int (*token_revoke)(struct db *db, int64_t user_id, int64_t id, struct err *err);
    /* Sign-in throttling per (account, address); get gives zeros for a
    ** pair never seen; set also forgets pairs quiet for a day. */
    int (*login_throttle_get)(struct db *db, const char *account, const char *address,
                              struct login_throttle *out, struct err *err);
    int (*login_throttle_set)(struct db *db, const char *account, const char *address,
                              const struct login_throttle *t, struct err *err);
    int (*login_throttle_clear)(struct db *db, const char *account, const char *address,
                                struct err *err);
};

/* The audit log and key/value settings. */
struct store_admin_ops {
    int (*audit_add)(struct db *db, int64_t actor_id, const char *action,
                     const char *resource, int64_t record_id, const char *detail,
                     const char *ip, struct err *err);
    int (*audit_list)(struct db *db, const struct audit_query *q, struct arena *a,
                      struct audit_row **items, size_t *n, int64_t *total, struct err *err);
    int (*setting_get)(struct db *db, const char *key, struct arena *a, const char **value,
                       struct err *err);
    int (*setting_set)(struct db *db, const char *key, const char *value, struct err *err);
};

/* Tickets with their events, attachments and redirects. */
struct store_ticket_ops {
    /* Tickets. ticket_create assigns the gap-free yearly number (prefix, year)
    ** inside the caller's transaction and fills t->id and t->number. */
    int (*ticket_create)(struct db *db, struct ticket *t, const char *prefix, int year,
                         struct arena *a, struct err *err);
    int (*ticket_get)(struct db *db, const char *number, struct arena *a, struct ticket **out,
                      struct err *err);
    int (*ticket_get_id)(struct db *db, int64_t id, struct arena *a, struct ticket **out,
                         struct err *err);
    /* Writes every mutable field when the row still has t->version (else
    ** ERR_CONFLICT ticket.stale); bumps t->version. */
    int (*ticket_save)(struct db *db, struct ticket *t, struct err *err);
    int (*ticket_list)(struct db *db, const struct ticket_query *q, struct arena *a,
                       struct ticket ***items, size_t *n, int64_t *total, bool *capped,
                       struct err *err);
    /* Open tickets whose first-response or resolution due time is at or
    ** before `horizon` and not yet flagged (or warned), and resolved tickets
    ** resolved at or before `resolved_before`; at most 500. */
    int (*ticket_sweep_candidates)(struct db *db, int64_t now, int64_t horizon,
                                   int64_t resolved_before, struct arena *a,
                                   struct ticket ***items, size_t *n, struct err *err);
    int (*ticket_set_tags)(struct db *db, int64_t ticket_id, const int64_t *tag_ids, size_t n,
                           struct err *err);
    /* Adds tags, keeping those the ticket has; *added counts the new ones
    ** (an automation rule's timeline event only when it changed something). */
    int (*ticket_add_tags)(struct db *db, int64_t ticket_id, const int64_t *tag_ids, size_t n,
                           size_t *added, struct err *err);
    /* The ticket's searchable text changed (a public comment): the search
    ** index rebuilds its row (store/sqlite/search.c). */
    int (*ticket_search_log)(struct db *db, int64_t ticket_id, struct err *err);
    int (*event_add)(struct db *db, const struct ticket_event *e, struct err *err);
    int (*events_list)(struct db *db, int64_t ticket_id, bool with_internal, struct arena *a,
                       struct ticket_event **items, size_t *n, struct err *err);
    int (*redirect_add)(struct db *db, int64_t service_id, int64_t user_id, int64_t at,
                        struct err *err);
    int (*redirect_count)(struct db *db, int64_t service_id, int64_t *count, struct err *err);
    int (*attachment_add)(struct db *db, struct attachment *at, struct err *err);
    int (*attachment_get)(struct db *db, int64_t id, struct arena *a, struct attachment *out,
                          struct err *err);
    int (*attachments_list)(struct db *db, int64_t ticket_id, bool with_internal,
                            struct arena *a, struct attachment **items, size_t *n,
                            struct err *err);
};

/* The notification outbox (mail and WhatsApp jobs) and mail templates. */
struct store_outbox_ops {
    int (*outbox_add)(struct db *db, const struct outbox_row *o, struct err *err);
    int (*outbox_list)(struct db *db, const char *status, int64_t ticket_id, struct arena *a,
                       struct outbox_row **items, size_t *n, struct err *err);
    /* The mail worker's queue (store/sqlite/outbox.c). outbox_claim moves up
    ** to `limit` due 'pending' rows of `channel` to 'sending' (claimed_at =
    ** now, attempts + 1) in one committed statement and returns them.
    ** outbox_finish ends a claim: status 'sent' (sent_at = now), 'pending'
    ** (retry at next_attempt_at) or 'failed', with last_error (may be NULL);
    ** only a row still 'sending' is changed. outbox_expire_claims fails rows
    ** left 'sending' since before `claimed_before` (a worker died mid-send)
    ** and counts them. outbox_resend puts a 'failed' row back to 'pending'
    ** with attempts 0 (ERR_NOT_FOUND outbox.not_found; ERR_CONFLICT
    ** outbox.not_failed for other states). */
    int (*outbox_get)(struct db *db, int64_t id, struct arena *a, struct outbox_row *out,
                      struct err *err);
    int (*outbox_claim)(struct db *db, const char *channel, int64_t now, int limit,
                        struct arena *a, struct outbox_row **items, size_t *n, struct err *err);
    int (*outbox_finish)(struct db *db, int64_t id, const char *status, int64_t next_attempt_at,
                         const char *last_error, int64_t now, struct err *err);
    int (*outbox_expire_claims)(struct db *db, const char *channel, int64_t claimed_before,
                                const char *last_error, int *n, struct err *err);
    /* Undoes a claim that never reached the SMTP server: 'sending' back to
    ** 'pending' with the attempt not counted. */
    int (*outbox_unclaim)(struct db *db, int64_t id, struct err *err);
    int (*outbox_resend)(struct db *db, int64_t id, int64_t now, struct err *err);
    /* Mail template overrides. get: ERR_NOT_FOUND when the default applies.
    ** put inserts or replaces; delete of a missing row is not an error. */
    int (*mail_template_get)(struct db *db, const char *key, const char *locale,
                             struct arena *a, struct mail_template_row *out, struct err *err);
    int (*mail_template_put)(struct db *db, const struct mail_template_row *t, struct err *err);
    int (*mail_template_delete)(struct db *db, const char *key, const char *locale,
                                struct err *err);
    int (*mail_template_list)(struct db *db, struct arena *a, struct mail_template_row **items,
                              size_t *n, struct err *err);
};

/* FAQ articles, votes and proposals. */
struct store_faq_ops {
    /* FAQ. faq_save inserts (id 0) or updates and keeps the search index. */
    int (*faq_save)(struct db *db, struct faq *f, struct err *err);
    int (*faq_get)(struct db *db, int64_t id, struct arena *a, struct faq *out, struct err *err);
    int (*faq_delete)(struct db *db, int64_t id, struct err *err);
    int (*faq_list)(struct db *db, const struct faq_query *q, struct arena *a,
                    struct faq **items, size_t *n, int64_t *total, struct err *err);
    /* One vote per user: *counted is false when user_id had voted already
    ** (the first vote stands). */
    int (*faq_vote)(struct db *db, int64_t id, int64_t user_id, bool helpful, bool *counted,
                    struct err *err);
    int (*proposal_save)(struct db *db, struct faq_proposal *p, struct err *err);
    int (*proposal_get)(struct db *db, int64_t id, struct arena *a, struct faq_proposal *out,
                        struct err *err);
    int (*proposal_list)(struct db *db, const char *status, int64_t proposer_id,
                         int64_t page, int64_t per_page, struct arena *a,
                         struct faq_proposal **items, size_t *n, int64_t *total,
                         struct err *err);
};

struct store_channel_ops; /* store/channels.h */
struct store_report_ops; /* store/report_store.h */
struct store_booking_ops; /* store/bookings.h */
struct store_booking_invite_ops; /* store/booking_invites.h */
struct store_partner_ops; /* store/partners.h */
struct store_letter_ops; /* store/letter_store.h */
struct store_signup_ops; /* store/signup.h */
struct store_attachment_limit_ops; /* store/attachment_limits.h */
struct store_policy_ops; /* store/policy.h */
struct store_webhook_ops; /* store/webhook.h */
struct store_wa_notify_ops; /* store/wa_notify.h */
struct store_inapp_ops; /* store/inapp.h */
struct store_oidc_ops; /* store/oidc_store.h */
struct store_survey_ops; /* store/survey.h */
struct store_automation_ops; /* store/automation.h */
struct store_subscription_ops; /* store/subscription.h */
struct store_user_invite_ops; /* store/user_invite.h */

/* A driver: every table filled, every operation set (none is optional). */
struct store_ops {
    const char *name;
    void (*close)(struct store *st);
    struct db *(*acquire)(struct store *st, struct err *err);
    void (*release)(struct db *db);
    /* Background work of a long-running server (WAL checkpoints off the
    ** writer's path); the CLI's short commands never start it. */
    int (*bg_start)(struct store *st, struct err *err);
    void (*bg_stop)(struct store *st);
    /* Notices commits made by other processes since the last call and then
    ** moves both generations, ending kept snapshots: a reader that calls it
    ** first sees every commit that returned before (the server does at the
    ** start of each request). This process's own commits need no call. */
    void (*refresh)(struct store *st);
    const struct store_tx_ops *tx;
    const struct store_maint_ops *maint;
    const struct store_record_ops *rec;
    const struct store_auth_ops *auth;
    const struct store_admin_ops *admin;
    const struct store_ticket_ops *ticket;
    const struct store_outbox_ops *outbox;
    const struct store_faq_ops *faq;
    const struct store_channel_ops *channel;
    const struct store_report_ops *report;
    const struct store_booking_ops *booking;
    const struct store_booking_invite_ops *booking_invite;
    const struct store_partner_ops *partner;
    const struct store_letter_ops *letter;
    const struct store_signup_ops *signup;
    const struct store_attachment_limit_ops *attachment_limits;
    const struct store_policy_ops *policy;
    const struct store_webhook_ops *webhook;
    const struct store_wa_notify_ops *wa_notify;
    const struct store_oidc_ops *oidc;
    const struct store_survey_ops *survey;
    const struct store_automation_ops *automation;
    const struct store_subscription_ops *subscription; /* issue #22 item 2 */
    const struct store_inapp_ops *inapp; /* issue #20: the in-app notifications */
    const struct store_user_invite_ops *user_invite; /* issue #20 item 7 */
};

/* Every driver's connection starts with this. */
struct db {
    const struct store_ops *ops;
    struct store *st;
};

struct store {
    const struct store_ops *ops;
    /* Bumped after every commit made through this store that changed data,
    ** once it is visible: a value read before a query differs from the
    ** current one once any later write is visible. Response caches key on
    ** it (http/cache.c). */
    _Atomic uint64_t generation;
    /* The same, moved only by commits that changed users, sessions, tokens,
    ** settings or master data: caches of those (sign-ins, calendars) key on
    ** it and survive the steady stream of ticket writes. */
    _Atomic uint64_t conf_generation;
};

/* Opens the store named by url ("sqlite:PATH" or a plain path). */
int store_open(const char *url, struct store **out, struct err *err);
/* Checks a database file without opening it for service (integrity_check).
** Used by `loket restore` before swapping a backup in. */
int store_check_file(const char *path, struct err *err);

static inline void store_close(struct store *st) { st->ops->close(st); }
static inline struct db *store_acquire(struct store *st, struct err *err)
{
    return st->ops->acquire(st, err);
}
static inline void store_release(struct db *db) { db->ops->release(db); }
static inline void store_refresh(struct store *st) { st->ops->refresh(st); }
static inline int store_bg_start(struct store *st, struct err *err)
{
    return st->ops->bg_start(st, err);
}
static inline void store_bg_stop(struct store *st) { st->ops->bg_stop(st); }
static inline uint64_t store_generation(struct store *st)
{
    return atomic_load_explicit(&st->generation, memory_order_acquire);
}
static inline uint64_t store_conf_generation(struct store *st)
{
    return atomic_load_explicit(&st->conf_generation, memory_order_acquire);
}

/* Typed wrappers: callers use these, never db->ops->... (the check
** tests/docs/check_store_boundary.py holds it). */

/* ---- store_tx_ops ---- */

static inline void db_batch_mode(struct db *db, bool on)
{
    db->ops->tx->batch_mode(db, on);
}

static inline int db_batch_flush(struct db *db, struct err *err)
{
    return db->ops->tx->batch_flush(db, err);
}

static inline int db_index_trim(struct db *db, struct err *err)
{
    return db->ops->tx->index_trim(db, err);
}

static inline int db_begin(struct db *db, struct err *err)
{
    return db->ops->tx->begin(db, err);
}

static inline int db_commit(struct db *db, struct err *err)
{
    return db->ops->tx->commit(db, err);
}

static inline void db_rollback(struct db *db)
{
    db->ops->tx->rollback(db);
}

static inline int db_savepoint(struct db *db, int op, struct err *err)
{
    return db->ops->tx->savepoint(db, op, err);
}

static inline int64_t db_tx_writes(struct db *db)
{
    return db->ops->tx->tx_writes(db);
}

/* ---- store_maint_ops ---- */

static inline int db_index_all(struct db *db, void (*progress)(int64_t done, int64_t end),
                               struct err *err)
{
    return db->ops->maint->index_all(db, progress, err);
}

static inline int db_migrate(struct db *db, int *applied, struct err *err)
{
    return db->ops->maint->migrate(db, applied, err);
}

static inline int db_migrate_plan(struct db *db, int *pending, int *applied, struct err *err)
{
    return db->ops->maint->migrate_plan(db, pending, applied, err);
}

static inline int db_ping(struct db *db, struct err *err)
{
    return db->ops->maint->ping(db, err);
}

static inline int db_backup(struct db *db, const char *dest, struct err *err)
{
    return db->ops->maint->backup(db, dest, err);
}

static inline int db_singleton(struct db *db, const char *job, bool hold, struct err *err)
{
    return db->ops->maint->singleton(db, job, hold, err);
}

/* ---- store_record_ops ---- */

static inline int db_rec_list(struct db *db, const struct resource *res, const struct rec_query *q,
                              struct arena *a, struct record ***items, size_t *n, int64_t *total,
                              struct err *err)
{
    return db->ops->rec->rec_list(db, res, q, a, items, n, total, err);
}

static inline int db_rec_get(struct db *db, const struct resource *res, int64_t id, struct arena *a,
                             struct record **out, struct err *err)
{
    return db->ops->rec->rec_get(db, res, id, a, out, err);
}

static inline int db_rec_create(struct db *db, const struct resource *res, struct record *r,
                                struct err *err)
{
    return db->ops->rec->rec_create(db, res, r, err);
}

static inline int db_rec_update(struct db *db, const struct resource *res, int64_t id,
                                const struct record *r, struct err *err)
{
    return db->ops->rec->rec_update(db, res, id, r, err);
}

static inline int db_rec_delete(struct db *db, const struct resource *res, int64_t id,
                                struct err *err)
{
    return db->ops->rec->rec_delete(db, res, id, err);
}

/* ---- store_auth_ops ---- */

static inline int db_user_by_login(struct db *db, const char *login, struct arena *a,
                                   struct user_auth *out, struct err *err)
{
    return db->ops->auth->user_by_login(db, login, a, out, err);
}

static inline int db_user_by_id(struct db *db, int64_t id, struct arena *a, struct user_auth *out,
                                struct err *err)
{
    return db->ops->auth->user_by_id(db, id, a, out, err);
}

static inline int db_user_set_password(struct db *db, int64_t id, const char *hash, struct err *err)
{
    return db->ops->auth->user_set_password(db, id, hash, err);
}

static inline int db_user_revoke_access(struct db *db, int64_t user_id, const unsigned char *keep,
                                        struct err *err)
{
    return db->ops->auth->user_revoke_access(db, user_id, keep, err);
}

static inline int db_user_rehash(struct db *db, int64_t id, const char *old_hash, const char *hash,
                                 struct err *err)
{
    return db->ops->auth->user_rehash(db, id, old_hash, hash, err);
}

static inline int db_session_create(struct db *db, int64_t user_id, const unsigned char *hash,
                                    const char *csrf, int64_t expires_at, const char *ip,
                                    struct err *err)
{
    return db->ops->auth->session_create(db, user_id, hash, csrf, expires_at, ip, err);
}

static inline int db_session_lookup(struct db *db, const unsigned char *hash, int64_t now,
                                    struct arena *a, struct session_row *out, struct err *err)
{
    return db->ops->auth->session_lookup(db, hash, now, a, out, err);
}

static inline int db_session_delete(struct db *db, const unsigned char *hash, struct err *err)
{
    return db->ops->auth->session_delete(db, hash, err);
}

static inline int db_token_create(struct db *db, int64_t user_id, const char *name,
                                  const unsigned char *hash, int64_t expires_at, int64_t *id,
                                  struct err *err)
{
    return db->ops->auth->token_create(db, user_id, name, hash, expires_at, id, err);
}

static inline int db_token_lookup(struct db *db, const unsigned char *hash, int64_t now,
                                  struct arena *a, struct user_auth *out, int64_t *expires_at,
                                  struct err *err)
{
    return db->ops->auth->token_lookup(db, hash, now, a, out, expires_at, err);
}

static inline int db_token_list(struct db *db, int64_t user_id, struct arena *a,
                                struct token_row **items, size_t *n, struct err *err)
{
    return db->ops->auth->token_list(db, user_id, a, items, n, err);
}

static inline int db_token_revoke(struct db *db, int64_t user_id, int64_t id, struct err *err)
{
    return db->ops->auth->token_revoke(db, user_id, id, err);
}

static inline int db_login_throttle_get(struct db *db, const char *account, const char *address,
                                        struct login_throttle *out, struct err *err)
{
    return db->ops->auth->login_throttle_get(db, account, address, out, err);
}

static inline int db_login_throttle_set(struct db *db, const char *account, const char *address,
                                        const struct login_throttle *t, struct err *err)
{
    return db->ops->auth->login_throttle_set(db, account, address, t, err);
}

static inline int db_login_throttle_clear(struct db *db, const char *account, const char *address,
                                          struct err *err)
{
    return db->ops->auth->login_throttle_clear(db, account, address, err);
}

/* ---- store_admin_ops ---- */

static inline int db_audit_add(struct db *db, int64_t actor_id, const char *action,
                               const char *resource, int64_t record_id, const char *detail,
                               const char *ip, struct err *err)
{
    return db->ops->admin->audit_add(db, actor_id, action, resource, record_id, detail, ip, err);
}

static inline int db_audit_list(struct db *db, const struct audit_query *q, struct arena *a,
                                struct audit_row **items, size_t *n, int64_t *total,
                                struct err *err)
{
    return db->ops->admin->audit_list(db, q, a, items, n, total, err);
}

static inline int db_setting_get(struct db *db, const char *key, struct arena *a,
                                 const char **value, struct err *err)
{
    return db->ops->admin->setting_get(db, key, a, value, err);
}

static inline int db_setting_set(struct db *db, const char *key, const char *value, struct err *err)
{
    return db->ops->admin->setting_set(db, key, value, err);
}

/* ---- store_ticket_ops ---- */

static inline int db_ticket_create(struct db *db, struct ticket *t, const char *prefix, int year,
                                   struct arena *a, struct err *err)
{
    return db->ops->ticket->ticket_create(db, t, prefix, year, a, err);
}

static inline int db_ticket_get(struct db *db, const char *number, struct arena *a,
                                struct ticket **out, struct err *err)
{
    return db->ops->ticket->ticket_get(db, number, a, out, err);
}

static inline int db_ticket_get_id(struct db *db, int64_t id, struct arena *a, struct ticket **out,
                                   struct err *err)
{
    return db->ops->ticket->ticket_get_id(db, id, a, out, err);
}

static inline int db_ticket_save(struct db *db, struct ticket *t, struct err *err)
{
    return db->ops->ticket->ticket_save(db, t, err);
}

static inline int db_ticket_list(struct db *db, const struct ticket_query *q, struct arena *a,
                                 struct ticket ***items, size_t *n, int64_t *total, bool *capped,
                                 struct err *err)
{
    return db->ops->ticket->ticket_list(db, q, a, items, n, total, capped, err);
}

static inline int db_ticket_sweep_candidates(struct db *db, int64_t now, int64_t horizon,
                                             int64_t resolved_before, struct arena *a,
                                             struct ticket ***items, size_t *n, struct err *err)
{
    return db->ops->ticket->ticket_sweep_candidates(
        db, now, horizon, resolved_before, a, items, n, err);
}

static inline int db_ticket_set_tags(struct db *db, int64_t ticket_id, const int64_t *tag_ids,
                                     size_t n, struct err *err)
{
    return db->ops->ticket->ticket_set_tags(db, ticket_id, tag_ids, n, err);
}

static inline int db_ticket_add_tags(struct db *db, int64_t ticket_id, const int64_t *tag_ids,
                                     size_t n, size_t *added, struct err *err)
{
    return db->ops->ticket->ticket_add_tags(db, ticket_id, tag_ids, n, added, err);
}

static inline int db_ticket_search_log(struct db *db, int64_t ticket_id, struct err *err)
{
    return db->ops->ticket->ticket_search_log(db, ticket_id, err);
}

static inline int db_event_add(struct db *db, const struct ticket_event *e, struct err *err)
{
    return db->ops->ticket->event_add(db, e, err);
}

static inline int db_events_list(struct db *db, int64_t ticket_id, bool with_internal,
                                 struct arena *a, struct ticket_event **items, size_t *n,
                                 struct err *err)
{
    return db->ops->ticket->events_list(db, ticket_id, with_internal, a, items, n, err);
}

static inline int db_redirect_add(struct db *db, int64_t service_id, int64_t user_id, int64_t at,
                                  struct err *err)
{
    return db->ops->ticket->redirect_add(db, service_id, user_id, at, err);
}

static inline int db_redirect_count(struct db *db, int64_t service_id, int64_t *count,
                                    struct err *err)
{
    return db->ops->ticket->redirect_count(db, service_id, count, err);
}

static inline int db_attachment_add(struct db *db, struct attachment *at, struct err *err)
{
    return db->ops->ticket->attachment_add(db, at, err);
}

static inline int db_attachment_get(struct db *db, int64_t id, struct arena *a,
                                    struct attachment *out, struct err *err)
{
    return db->ops->ticket->attachment_get(db, id, a, out, err);
}

static inline int db_attachments_list(struct db *db, int64_t ticket_id, bool with_internal,
                                      struct arena *a, struct attachment **items, size_t *n,
                                      struct err *err)
{
    return db->ops->ticket->attachments_list(db, ticket_id, with_internal, a, items, n, err);
}

/* ---- store_outbox_ops ---- */

static inline int db_outbox_add(struct db *db, const struct outbox_row *o, struct err *err)
{
    return db->ops->outbox->outbox_add(db, o, err);
}

static inline int db_outbox_list(struct db *db, const char *status, int64_t ticket_id,
                                 struct arena *a, struct outbox_row **items, size_t *n,
                                 struct err *err)
{
    return db->ops->outbox->outbox_list(db, status, ticket_id, a, items, n, err);
}

static inline int db_outbox_get(struct db *db, int64_t id, struct arena *a, struct outbox_row *out,
                                struct err *err)
{
    return db->ops->outbox->outbox_get(db, id, a, out, err);
}

static inline int db_outbox_claim(struct db *db, const char *channel, int64_t now, int limit,
                                  struct arena *a, struct outbox_row **items, size_t *n,
                                  struct err *err)
{
    return db->ops->outbox->outbox_claim(db, channel, now, limit, a, items, n, err);
}

static inline int db_outbox_finish(struct db *db, int64_t id, const char *status,
                                   int64_t next_attempt_at, const char *last_error, int64_t now,
                                   struct err *err)
{
    return db->ops->outbox->outbox_finish(db, id, status, next_attempt_at, last_error, now, err);
}

static inline int db_outbox_expire_claims(struct db *db, const char *channel,
                                          int64_t claimed_before, const char *last_error, int *n,
                                          struct err *err)
{
    return db->ops->outbox->outbox_expire_claims(db, channel, claimed_before, last_error, n, err);
}

static inline int db_outbox_unclaim(struct db *db, int64_t id, struct err *err)
{
    return db->ops->outbox->outbox_unclaim(db, id, err);
}

static inline int db_outbox_resend(struct db *db, int64_t id, int64_t now, struct err *err)
{
    return db->ops->outbox->outbox_resend(db, id, now, err);
}

static inline int db_mail_template_get(struct db *db, const char *key, const char *locale,
                                       struct arena *a, struct mail_template_row *out,
                                       struct err *err)
{
    return db->ops->outbox->mail_template_get(db, key, locale, a, out, err);
}

static inline int db_mail_template_put(struct db *db, const struct mail_template_row *t,
                                       struct err *err)
{
    return db->ops->outbox->mail_template_put(db, t, err);
}

static inline int db_mail_template_delete(struct db *db, const char *key, const char *locale,
                                          struct err *err)
{
    return db->ops->outbox->mail_template_delete(db, key, locale, err);
}

static inline int db_mail_template_list(struct db *db, struct arena *a,
                                        struct mail_template_row **items, size_t *n,
                                        struct err *err)
{
    return db->ops->outbox->mail_template_list(db, a, items, n, err);
}

/* ---- store_faq_ops ---- */

static inline int db_faq_save(struct db *db, struct faq *f, struct err *err)
{
    return db->ops->faq->faq_save(db, f, err);
}

static inline int db_faq_get(struct db *db, int64_t id, struct arena *a, struct faq *out,
                             struct err *err)
{
    return db->ops->faq->faq_get(db, id, a, out, err);
}

static inline int db_faq_delete(struct db *db, int64_t id, struct err *err)
{
    return db->ops->faq->faq_delete(db, id, err);
}

static inline int db_faq_list(struct db *db, const struct faq_query *q, struct arena *a,
                              struct faq **items, size_t *n, int64_t *total, struct err *err)
{
    return db->ops->faq->faq_list(db, q, a, items, n, total, err);
}

static inline int db_faq_vote(struct db *db, int64_t id, int64_t user_id, bool helpful,
                              bool *counted, struct err *err)
{
    return db->ops->faq->faq_vote(db, id, user_id, helpful, counted, err);
}

static inline int db_proposal_save(struct db *db, struct faq_proposal *p, struct err *err)
{
    return db->ops->faq->proposal_save(db, p, err);
}

static inline int db_proposal_get(struct db *db, int64_t id, struct arena *a,
                                  struct faq_proposal *out, struct err *err)
{
    return db->ops->faq->proposal_get(db, id, a, out, err);
}

static inline int db_proposal_list(struct db *db, const char *status, int64_t proposer_id,
                                   int64_t page, int64_t per_page, struct arena *a,
                                   struct faq_proposal **items, size_t *n, int64_t *total,
                                   struct err *err)
{
    return db->ops->faq->proposal_list(
        db, status, proposer_id, page, per_page, a, items, n, total, err);
}

#endif

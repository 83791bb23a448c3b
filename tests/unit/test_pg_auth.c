/* pg-auth: the PostgreSQL driver's tables of pgauth's areas on a fresh
** database per case (pg_fixture.h; skipped without LOKET_TEST_PG) beyond
** what test_pg_store (test_store.c's driver-neutral cases) covers: records
** through lower() for SQLite's NOCASE columns and CHECK rules, FAQ articles
** with their text search, votes and proposals, self sign-up and admin
** invitations (one-time tokens, also used on two connections at once),
** attachment limits, the role policy and
** the soft delete of attachments, OpenID Connect sign-ins and linked
** identities, report subscriptions with their per-period claim (two
** connections: a claim held by one is refused to the other), in-app
** notifications, and sessions seen from a second connection. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/arena.h"
#include "store/attachment_limits.h"
#include "store/inapp.h"
#include "store/oidc_store.h"
#include "store/pg/pg.h"
#include "store/policy.h"
#include "store/signup.h"
#include "store/store.h"
#include "store/subscription.h"
#include "store/user_invite.h"

#include "pg_fixture.h"

struct fx {
    struct store *st;
    struct db *db;
    struct arena *a;
};

static int setup(void **state)
{
    static struct fx f;
    memset(&f, 0, sizeof f);
    *state = &f;
    f.a = arena_new();
    return pg_fixture_open(&f.st, &f.db);
}

static int teardown(void **state)
{
    struct fx *f = *state;
    pg_fixture_close(f->st, f->db); /* and drops the database */
    arena_free(f->a);
    return 0;
}

/* ---- helpers ---------------------------------------------------------- */

/* Runs SQL text (rows the store's operations do not write: tickets,
** attachments) and answers the first column of its first row. */
static int64_t sql(struct fx *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int64_t sql(struct fx *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = arena_vprintf(f->a, fmt, ap);
    va_end(ap);
    struct err e = {0};
    PGresult *r = NULL;
    if (pg_qt((struct pg_db *)f->db, text, 0, NULL, &r, &e) != 0)
        fail_msg("%s: %s", text, e.msg[LOC_EN]);
    int64_t v = pg_first_int(r);
    PQclear(r);
    return v;
}

static void set_s(const struct resource *res, struct record *r, const char *name, const char *s)
{
    int i = resource_field(res, name);
    assert_true(i >= 0);
    r->v[i] = s ? (struct value){.set = true, .s = s} : (struct value){.set = true, .null = true};
}

static void set_i(const struct resource *res, struct record *r, const char *name, int64_t v)
{
    int i = resource_field(res, name);
    assert_true(i >= 0);
    r->v[i] = (struct value){.set = true, .i = v};
}

static int64_t add_user(struct fx *f, const char *name, const char *email, const char *role)
{
    struct err e = {0};
    struct record *r = record_new(f->a, &res_users);
    set_s(&res_users, r, "name", name);
    set_s(&res_users, r, "email", email);
    set_s(&res_users, r, "role", role);
    record_apply_defaults(&res_users, r);
    if (db_rec_create(f->db, &res_users, r, &e) != 0)
        fail_msg("creating user %s: %s", email, e.msg[LOC_EN]);
    return r->id;
}

static int64_t add_unit(struct fx *f, const char *name, const char *code)
{
    struct err e = {0};
    struct record *r = record_new(f->a, &res_units);
    set_s(&res_units, r, "name", name);
    if (code)
        set_s(&res_units, r, "code", code);
    record_apply_defaults(&res_units, r);
    if (db_rec_create(f->db, &res_units, r, &e) != 0)
        fail_msg("creating unit %s: %s", name, e.msg[LOC_EN]);
    return r->id;
}

/* A ticket row of requester `by` (the ticket table is not this area's). */
static int64_t add_ticket(struct fx *f, const char *number, int64_t by)
{
    int64_t svc = sql(f, "SELECT id FROM services WHERE name = 'Layanan Uji'");
    if (!svc)
        svc = sql(f, "INSERT INTO services (name, kind, created_at, updated_at) "
                     "VALUES ('Layanan Uji', 'ticket', 'x', 'x') RETURNING id");
    return sql(f, "INSERT INTO tickets (number, title, description, service_id, requester_id, "
                  "created_at, updated_at) VALUES ('%s', 'Judul %s', 'd', %lld, %lld, 1, 1) "
                  "RETURNING id",
               number, number, (long long)svc, (long long)by);
}

static void hash_of(unsigned char h[32], int seed)
{
    for (int i = 0; i < 32; i++)
        h[i] = (unsigned char)(seed * 31 + i);
}

/* A call made on a second connection in a thread of its own, as another
** node would: it starts while the first connection holds the row in an
** open transaction, so rc stays 1 until the row is let go. */
struct other_job {
    struct store *st;
    int (*fn)(struct db *db, struct other_job *j, struct err *err);
    int64_t id, user_id;
    unsigned char hash[32];
    int rc;
    char code[64];
};

static void *on_other(void *p)
{
    struct other_job *j = p;
    struct err e = {0};
    struct db *db = store_acquire(j->st, &e);
    j->rc = db ? j->fn(db, j, &e) : -1;
    snprintf(j->code, sizeof j->code, "%s", e.code);
    if (db)
        store_release(db);
    return NULL;
}

static void start_other(pthread_t *th, struct other_job *j)
{
    j->rc = 1;
    assert_int_equal(pthread_create(th, NULL, on_other, j), 0);
    usleep(300 * 1000);
    assert_int_equal(j->rc, 1); /* still waiting on the row */
}

static int invite_fn(struct db *db, struct other_job *j, struct err *err)
{
    return db_invite_use(db, j->hash, 32, 300, &j->user_id, err);
}

/* ---- records beyond test_store.c -------------------------------------- */

static void pg_auth_1_records_nocase_and_rules(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    add_unit(f, "Dinas A", "DA");
    add_unit(f, "dinas b", "db");
    add_unit(f, "Dinas C", NULL);
    /* a filter on a NOCASE column compares without regard to case */
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 10, .n_filters = 1};
    q.filters[0].field = resource_field(&res_units, "code");
    q.filters[0].val = (struct value){.set = true, .s = "da"};
    struct record **items;
    size_t n;
    int64_t total = -1;
    assert_int_equal(db_rec_list(f->db, &res_units, &q, f->a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(n, 1);
    assert_string_equal(items[0]->v[resource_field(&res_units, "name")].s, "Dinas A");
    /* users sort by email the NOCASE way: a@, B@, c@ */
    add_user(f, "Satu", "c@x.id", "requester");
    add_user(f, "Dua", "B@x.id", "requester");
    add_user(f, "Tiga", "a@x.id", "requester");
    q = (struct rec_query){.sort_field = resource_field(&res_users, "email"), .page = 1,
                           .per_page = 10};
    assert_int_equal(db_rec_list(f->db, &res_users, &q, f->a, &items, &n, &total, &e), 0);
    assert_int_equal(n, 3);
    int em = resource_field(&res_users, "email");
    assert_string_equal(items[0]->v[em].s, "a@x.id");
    assert_string_equal(items[1]->v[em].s, "B@x.id");
    assert_string_equal(items[2]->v[em].s, "c@x.id");
    /* a CHECK rule the database keeps (tier 1..3): 422 validation, as SQLite */
    struct record *u = record_new(f->a, &res_users);
    set_s(&res_users, u, "name", "Empat");
    set_s(&res_users, u, "email", "d@x.id");
    set_s(&res_users, u, "role", "agent");
    set_i(&res_users, u, "tier", 7);
    record_apply_defaults(&res_users, u);
    assert_int_equal(db_rec_create(f->db, &res_users, u, &e), ERR_INVALID);
    assert_string_equal(e.code, "validation");
    assert_int_equal(sql(f, "SELECT count(*) FROM users WHERE email = 'd@x.id'"), 0);
    /* a NOT NULL column left empty: the same */
    err_clear(&e);
    struct record *nameless = record_new(f->a, &res_units);
    assert_int_equal(db_rec_create(f->db, &res_units, nameless, &e), ERR_INVALID);
    assert_string_equal(e.code, "validation");
    /* a taken name in another case conflicts on the lower(name) index */
    err_clear(&e);
    struct record *dup = record_new(f->a, &res_units);
    set_s(&res_units, dup, "name", "DINAS A");
    record_apply_defaults(&res_units, dup);
    assert_int_equal(db_rec_create(f->db, &res_units, dup, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "unit.duplicate");
    assert_string_equal(e.fields[0].name, "name");
}

/* ---- sessions and throttling seen by a second connection (another node) - */

static void pg_auth_2_sessions_across_connections(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    int64_t uid = add_user(f, "Sesi", "Sesi@X.id", "agent");
    struct db *other = store_acquire(f->st, &e);
    assert_non_null(other);
    unsigned char h[32], t[32];
    hash_of(h, 11);
    hash_of(t, 12);
    int64_t exp = (int64_t)time(NULL) + 600;
    assert_int_equal(db_session_create(f->db, uid, h, "csrf", exp, "10.1.1.1", &e), 0);
    struct session_row row;
    assert_int_equal(db_session_lookup(other, h, exp - 1, f->a, &row, &e), 0);
    assert_int_equal(row.user.p.id, uid);
    assert_int_equal(row.user.p.role, ROLE_AGENT);
    assert_string_equal(row.user.email, "Sesi@X.id");
    assert_int_equal(sql(f, "SELECT count(*) FROM sessions WHERE ip = '10.1.1.1' AND "
                            "created_at > 1700000000"),
                     1);
    /* expired sessions are swept when a new one is made */
    sql(f, "UPDATE sessions SET expires_at = 5");
    unsigned char h2[32];
    hash_of(h2, 13);
    assert_int_equal(db_session_create(other, uid, h2, "csrf2", exp, NULL, &e), 0);
    assert_int_equal(sql(f, "SELECT count(*) FROM sessions"), 1);
    /* a token made on one connection works on the other, revoked on both */
    int64_t tid = 0, texp = -1;
    assert_int_equal(db_token_create(f->db, uid, "ci", t, 0, &tid, &e), 0);
    struct user_auth ua;
    assert_int_equal(db_token_lookup(other, t, 1, f->a, &ua, &texp, &e), 0);
    assert_int_equal(ua.p.id, uid);
    assert_int_equal(texp, 0);
    assert_int_equal(db_token_revoke(other, uid, tid, &e), 0);
    err_clear(&e);
    assert_int_equal(db_token_lookup(f->db, t, 1, f->a, &ua, &texp, &e), ERR_UNAUTHENTICATED);
    assert_string_equal(e.code, "auth.bad_token");
    /* throttling counters are shared too */
    struct login_throttle lt = {4, 1000, 2000}, got;
    assert_int_equal(db_login_throttle_set(f->db, "sesi@x.id", "10.1.1.1", &lt, &e), 0);
    assert_int_equal(db_login_throttle_get(other, "sesi@x.id", "10.1.1.1", &got, &e), 0);
    assert_int_equal(got.failures, 4);
    assert_int_equal(got.blocked_until, 2000);
    /* a user's vendor switch and partner flag come with the user */
    int64_t vendor = sql(f, "INSERT INTO vendors (name, sees_internal, created_at, updated_at) "
                            "VALUES ('Vendor', 1, 'x', 'x') RETURNING id");
    sql(f, "UPDATE users SET vendor_id = %lld, tier = 3, partner_admin = 1 WHERE id = %lld",
        (long long)vendor, (long long)uid);
    assert_int_equal(db_user_by_login(other, "SESI@x.ID", f->a, &ua, &e), 0);
    assert_int_equal(ua.p.vendor_id, vendor);
    assert_int_equal(ua.p.tier, 3);
    assert_true(ua.p.vendor_sees_internal);
    assert_true(ua.p.partner_admin);
    store_release(other);
}

/* ---- FAQ ---------------------------------------------------------------- */

static int64_t faq_add(struct fx *f, const char *question, const char *answer, bool published,
                       int64_t at)
{
    struct err e = {0};
    struct faq a = {.question = question, .answer_md = answer, .answer_html = answer,
                    .published = published, .updated_at = at};
    if (db_faq_save(f->db, &a, &e) != 0)
        fail_msg("faq_save: %s", e.msg[LOC_EN]);
    assert_true(a.id > 0);
    return a.id;
}

static const char *faq_ids(struct fx *f, const struct faq_query *q, int64_t *total)
{
    struct err e = {0};
    struct faq *items;
    size_t n;
    if (db_faq_list(f->db, q, f->a, &items, &n, total, &e) != 0)
        fail_msg("faq_list: %s", e.msg[LOC_EN]);
    char *out = arena_strdup(f->a, "");
    for (size_t i = 0; i < n; i++)
        out = arena_printf(f->a, "%s%s%lld", out, i ? "," : "", (long long)items[i].id);
    return out;
}

static void pg_auth_3_faq(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    int64_t uid = add_user(f, "Penanya", "tanya@x.id", "requester");
    int64_t a1 = faq_add(f, "Jaringan kantor lambat", "Periksa kabel jaringannya.", true, 100);
    int64_t a2 = faq_add(f, "Cara memesan kafe", "Pesan di café lantai 2.", true, 200);
    int64_t a3 = faq_add(f, "Draf belum terbit", "Tentang printer.", false, 300);
    struct faq got;
    assert_int_equal(db_faq_get(f->db, a1, f->a, &got, &e), 0);
    assert_string_equal(got.question, "Jaringan kantor lambat");
    assert_true(got.published);
    assert_int_equal(got.created_at, 100);
    assert_int_equal(got.updated_at, 100);
    assert_int_equal(got.helpful_yes + got.helpful_no, 0);

    /* newest first without q; published_only; the total */
    struct faq_query q = {.page = 1, .per_page = 10};
    int64_t total = -1;
    assert_string_equal(faq_ids(f, &q, &total),
                        arena_printf(f->a, "%lld,%lld,%lld", (long long)a3, (long long)a2,
                                     (long long)a1));
    assert_int_equal(total, 3);
    q.published_only = true;
    q.per_page = 1;
    assert_string_equal(faq_ids(f, &q, &total), arena_printf(f->a, "%lld", (long long)a2));
    assert_int_equal(total, 2);
    /* q: word prefixes ("jaring" finds jaringannya), diacritics folded
    ** ("cafe" finds café), words OR-ed, syntax characters harmless */
    q = (struct faq_query){.page = 1, .per_page = 10, .q = "jaring"};
    assert_string_equal(faq_ids(f, &q, &total), arena_printf(f->a, "%lld", (long long)a1));
    q.q = "CAFE";
    assert_string_equal(faq_ids(f, &q, &total), arena_printf(f->a, "%lld", (long long)a2));
    q.q = "printer lambat";
    faq_ids(f, &q, &total);
    assert_int_equal(total, 2);
    q.q = "'):* & !(";
    assert_string_equal(faq_ids(f, &q, &total), "");
    assert_int_equal(total, 0);
    q.q = "printer";
    q.published_only = true;
    assert_string_equal(faq_ids(f, &q, &total), "");

    /* an update rewrites the text the search reads */
    got.question = "Internet kantor lambat";
    got.answer_md = "Hubungi TI.";
    got.updated_at = 150;
    assert_int_equal(db_faq_save(f->db, &got, &e), 0);
    q = (struct faq_query){.page = 1, .per_page = 10, .q = "jaringan"};
    assert_string_equal(faq_ids(f, &q, &total), "");
    q.q = "internet";
    assert_string_equal(faq_ids(f, &q, &total), arena_printf(f->a, "%lld", (long long)a1));
    struct faq missing = {.id = 424242, .question = "x", .answer_md = "x", .answer_html = "x"};
    assert_int_equal(db_faq_save(f->db, &missing, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "faq.not_found");

    /* votes: one per user, counted by the trigger */
    bool counted = false;
    assert_int_equal(db_faq_vote(f->db, a1, uid, true, &counted, &e), 0);
    assert_true(counted);
    assert_int_equal(db_faq_vote(f->db, a1, uid, false, &counted, &e), 0);
    assert_false(counted);
    assert_int_equal(db_faq_get(f->db, a1, f->a, &got, &e), 0);
    assert_int_equal(got.helpful_yes, 1);
    assert_int_equal(got.helpful_no, 0);

    /* proposals: saved pending, reviewed once, listed newest first */
    struct faq_proposal p = {.proposer_id = uid, .question = "Usul?", .answer_md = "Ini.",
                             .created_at = 500};
    assert_int_equal(db_proposal_save(f->db, &p, &e), 0);
    int64_t p1 = p.id;
    struct faq_proposal p2 = {.proposer_id = uid, .question = "Lagi?", .created_at = 600};
    assert_int_equal(db_proposal_save(f->db, &p2, &e), 0);
    struct faq_proposal pg;
    assert_int_equal(db_proposal_get(f->db, p1, f->a, &pg, &e), 0);
    assert_string_equal(pg.status, "pending");
    assert_string_equal(pg.proposer_name, "Penanya");
    assert_int_equal(pg.created_at, 500);
    pg.status = "approved";
    pg.reviewed_by = uid;
    pg.reviewed_at = 700;
    pg.article_id = a1;
    assert_int_equal(db_proposal_save(f->db, &pg, &e), 0);
    err_clear(&e);
    assert_int_equal(db_proposal_save(f->db, &pg, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "faq_proposal.reviewed");
    struct faq_proposal *props;
    size_t n;
    assert_int_equal(db_proposal_list(f->db, "pending", 0, 1, 10, f->a, &props, &n, &total, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(props[0].id, p2.id);
    assert_int_equal(db_proposal_list(f->db, NULL, uid, 1, 1, f->a, &props, &n, &total, &e), 0);
    assert_int_equal(total, 2);
    assert_int_equal(props[0].id, p2.id);
    err_clear(&e);
    assert_int_equal(db_proposal_get(f->db, 424242, f->a, &pg, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "faq_proposal.not_found");

    /* delete: the proposal forgets the article; then 404 */
    assert_int_equal(db_faq_delete(f->db, a1, &e), 0);
    assert_int_equal(db_proposal_get(f->db, p1, f->a, &pg, &e), 0);
    assert_int_equal(pg.article_id, 0);
    err_clear(&e);
    assert_int_equal(db_faq_get(f->db, a1, f->a, &got, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "faq.not_found");
    err_clear(&e);
    assert_int_equal(db_faq_delete(f->db, a1, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "faq.not_found");
    assert_int_equal(sql(f, "SELECT count(*) FROM faq_votes"), 0);
}

/* ---- self sign-up and admin invitations -------------------------------- */

static void pg_auth_4_signup_and_invites(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    int64_t id = -1;
    bool pending = true;
    assert_int_equal(signup_lookup(f->db, "baru@x.id", &id, &pending, &e), 0);
    assert_int_equal(id, 0);
    assert_false(pending);
    assert_int_equal(signup_user_add(f->db, "Baru", "Baru@X.id", "$h1", "en", &id, &e), 0);
    assert_true(id > 0);
    unsigned char tok[32], tok2[32];
    hash_of(tok, 21);
    hash_of(tok2, 22);
    assert_int_equal(signup_token_set(f->db, id, tok, 32, 1000, 900, &e), 0);
    int64_t found = 0;
    assert_int_equal(signup_lookup(f->db, "baru@x.ID", &found, &pending, &e), 0);
    assert_int_equal(found, id);
    assert_true(pending);
    assert_int_equal(signup_is_pending(f->db, id, &pending, &e), 0);
    assert_true(pending);
    struct user_auth ua;
    assert_int_equal(db_user_by_id(f->db, id, f->a, &ua, &e), 0);
    assert_false(ua.p.active);
    assert_int_equal(ua.p.role, ROLE_REQUESTER);
    assert_string_equal(ua.locale, "en");
    /* renewed while pending: new name and hash */
    assert_int_equal(signup_user_renew(f->db, id, "Baru Lagi", "$h2", "id", &e), 0);
    assert_int_equal(db_user_by_id(f->db, id, f->a, &ua, &e), 0);
    assert_string_equal(ua.name, "Baru Lagi");
    assert_string_equal(ua.password_hash, "$h2");
    /* a newer token replaces the older one; an expired one is refused and stays */
    assert_int_equal(signup_token_set(f->db, id, tok2, 32, 2000, 1500, &e), 0);
    int64_t uid = -1;
    assert_int_equal(signup_token_use(f->db, tok, 32, 1600, &uid, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "signup.invalid_token");
    assert_int_equal(uid, 0);
    err_clear(&e);
    assert_int_equal(signup_token_use(f->db, tok2, 32, 2000, &uid, &e), ERR_NOT_FOUND);
    assert_int_equal(sql(f, "SELECT count(*) FROM signup_pending"), 1);
    assert_int_equal(signup_token_use(f->db, tok2, 32, 1999, &uid, &e), 0);
    assert_int_equal(uid, id);
    assert_int_equal(db_user_by_id(f->db, id, f->a, &ua, &e), 0);
    assert_true(ua.p.active);
    assert_int_equal(signup_is_pending(f->db, id, &pending, &e), 0);
    assert_false(pending);
    err_clear(&e);
    assert_int_equal(signup_token_use(f->db, tok2, 32, 1999, &uid, &e), ERR_NOT_FOUND);
    /* active now: a renewal no longer touches it */
    assert_int_equal(signup_user_renew(f->db, id, "Pembajak", "$h3", "id", &e), 0);
    assert_int_equal(db_user_by_id(f->db, id, f->a, &ua, &e), 0);
    assert_string_equal(ua.name, "Baru Lagi");

    /* invitations: the same one-time shape */
    int64_t inv = add_user(f, "Diundang", "undang@x.id", "agent");
    assert_int_equal(db_invite_set(f->db, inv, tok, 32, 5000, 100, &e), 0);
    assert_int_equal(db_invite_set(f->db, inv, tok2, 32, 5000, 200, &e), 0);
    err_clear(&e);
    assert_int_equal(db_invite_use(f->db, tok, 32, 300, &uid, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "invite.invalid_token");
    err_clear(&e);
    assert_int_equal(db_invite_use(f->db, tok2, 32, 5000, &uid, &e), ERR_NOT_FOUND);
    assert_int_equal(db_invite_use(f->db, tok2, 32, 4999, &uid, &e), 0);
    assert_int_equal(uid, inv);
    err_clear(&e);
    assert_int_equal(db_invite_use(f->db, tok2, 32, 4999, &uid, &e), ERR_NOT_FOUND);
    assert_int_equal(uid, 0);
    assert_int_equal(sql(f, "SELECT count(*) FROM user_invites"), 0);

    /* two nodes given one link at once: the second waits for the first
    ** and, once that commits, finds the token used */
    assert_int_equal(db_invite_set(f->db, inv, tok, 32, 5000, 100, &e), 0);
    assert_int_equal(db_begin(f->db, &e), 0);
    assert_int_equal(db_invite_use(f->db, tok, 32, 300, &uid, &e), 0);
    struct other_job job = {.st = f->st, .fn = invite_fn, .user_id = -1};
    memcpy(job.hash, tok, 32);
    pthread_t th;
    start_other(&th, &job);
    assert_int_equal(db_commit(f->db, &e), 0);
    pthread_join(th, NULL);
    assert_int_equal(job.rc, ERR_NOT_FOUND);
    assert_int_equal(job.user_id, 0);
}

/* ---- attachment limits, the role policy, attachments' soft delete ------- */

static void pg_auth_5_limits_policy(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    int64_t svc = sql(f, "INSERT INTO services (name, kind, created_at, updated_at) "
                         "VALUES ('Konsultasi', 'appointment', 'x', 'x') RETURNING id");
    struct service_attachment_limits l = {.max_mb = 9, .allow_media = true};
    assert_int_equal(store_attachment_limits_get(f->db, svc, &l, &e), 0);
    assert_int_equal(l.service_id, svc);
    assert_int_equal(l.max_mb, 0);
    assert_false(l.allow_media);
    l = (struct service_attachment_limits){.service_id = svc, .max_mb = 50, .allow_media = true};
    assert_int_equal(store_attachment_limits_put(f->db, &l, &e), 0);
    l = (struct service_attachment_limits){.service_id = svc, .max_mb = 0, .allow_media = true};
    assert_int_equal(store_attachment_limits_put(f->db, &l, &e), 0);
    assert_int_equal(sql(f, "SELECT count(*) FROM service_attachment_limits "
                            "WHERE attachment_max_mb IS NULL AND allow_media = 1"),
                     1);
    struct service_attachment_limits got;
    assert_int_equal(store_attachment_limits_get(f->db, svc, &got, &e), 0);
    assert_int_equal(got.max_mb, 0);
    assert_true(got.allow_media);
    l.allow_media = false; /* all defaults: the row goes */
    assert_int_equal(store_attachment_limits_put(f->db, &l, &e), 0);
    assert_int_equal(sql(f, "SELECT count(*) FROM service_attachment_limits"), 0);

    int64_t admin = add_user(f, "Admin", "admin@x.id", "admin");
    struct policy_row r1 = {"ticket.close", "agent", true, 100, admin};
    struct policy_row r2 = {"attachment.delete", "leader", false, 200, 0};
    assert_int_equal(store_policy_put(f->db, &r1, &e), 0);
    assert_int_equal(store_policy_put(f->db, &r2, &e), 0);
    r1.allowed = false;
    r1.updated_at = 300;
    assert_int_equal(store_policy_put(f->db, &r1, &e), 0);
    struct policy_row *rows;
    size_t n;
    assert_int_equal(store_policy_list(f->db, f->a, &rows, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].right, "attachment.delete");
    assert_string_equal(rows[0].class_name, "leader");
    assert_int_equal(rows[0].updated_by, 0);
    assert_string_equal(rows[1].right, "ticket.close");
    assert_false(rows[1].allowed);
    assert_int_equal(rows[1].updated_at, 300);
    assert_int_equal(rows[1].updated_by, admin);

    int64_t t = add_ticket(f, "TKT-2026-000001", admin);
    int64_t att = sql(f, "INSERT INTO attachments (ticket_id, filename, content_type, size, "
                         "sha256, stored_name, created_at) VALUES (%lld, 'a.pdf', "
                         "'application/pdf', 3, 'abc', 's1', 1) RETURNING id",
                      (long long)t);
    assert_int_equal(store_attachment_soft_delete(f->db, att, admin, 400, "salah unggah", &e), 0);
    assert_int_equal(sql(f, "SELECT deleted_at + deleted_by FROM attachments WHERE "
                            "delete_reason = 'salah unggah'"),
                     400 + admin);
    err_clear(&e);
    assert_int_equal(store_attachment_soft_delete(f->db, att, admin, 500, "lagi", &e),
                     ERR_NOT_FOUND);
    assert_string_equal(e.code, "attachment.not_found");
    err_clear(&e);
    assert_int_equal(store_attachment_soft_delete(f->db, 424242, 0, 500, NULL, &e),
                     ERR_NOT_FOUND);
}

/* ---- OpenID Connect ---------------------------------------------------- */

static void pg_auth_6_oidc(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    unsigned char st1[OIDC_HASH_BYTES], st2[OIDC_HASH_BYTES], br[OIDC_HASH_BYTES];
    hash_of(st1, 31);
    hash_of(st2, 32);
    hash_of(br, 33);
    assert_int_equal(db_oidc_pending_put(f->db, st1, br, "nonce-1", "ver-1", 1000, 900, &e), 0);
    assert_int_equal(db_oidc_pending_put(f->db, st2, br, "nonce-2", "ver-2", 1200, 900, &e), 0);
    struct oidc_pending p;
    memset(&p, 0, sizeof p);
    assert_int_equal(db_oidc_pending_take(f->db, st1, 1000, f->a, &p, &e), 0);
    assert_string_equal(p.nonce, "nonce-1");
    assert_string_equal(p.verifier, "ver-1");
    assert_memory_equal(p.browser, br, OIDC_HASH_BYTES);
    err_clear(&e);
    assert_int_equal(db_oidc_pending_take(f->db, st1, 1000, f->a, &p, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "oidc.state"); /* used once */
    /* a put forgets the expired ones; an expired take fails and is gone */
    assert_int_equal(db_oidc_pending_put(f->db, st1, br, "n3", "v3", 3000, 1201, &e), 0);
    assert_int_equal(sql(f, "SELECT count(*) FROM oidc_pending"), 1);
    err_clear(&e);
    assert_int_equal(db_oidc_pending_take(f->db, st1, 3001, f->a, &p, &e), ERR_NOT_FOUND);
    assert_int_equal(sql(f, "SELECT count(*) FROM oidc_pending"), 0);

    /* a new subject: a new active user linked to it */
    int64_t unit = add_unit(f, "Unit OIDC", NULL);
    struct oidc_user u = {.provider = "https://idp", .subject = "sub-1", .name = "Ida",
                          .email = "ida@x.id", .role = "agent", .tier = 2, .unit_id = unit};
    int64_t uid = 0;
    bool active = false;
    assert_int_equal(db_oidc_user_sync(f->db, &u, &uid, &active, &e), 0);
    assert_true(uid > 0);
    assert_true(active);
    struct user_auth ua;
    assert_int_equal(db_user_by_login(f->db, "IDA@x.id", f->a, &ua, &e), 0);
    assert_int_equal(ua.p.id, uid);
    assert_int_equal(ua.p.tier, 2);
    assert_int_equal(ua.p.unit_id, unit);
    assert_int_equal(sql(f, "SELECT count(*) FROM users WHERE auth_source = 'oidc' AND "
                            "external_id = 'sub-1'"),
                     1);
    /* again: the same user, the directory's new name, deactivation kept */
    sql(f, "UPDATE users SET active = 0 WHERE id = %lld", (long long)uid);
    u.name = "Ida Ayu";
    int64_t again = 0;
    assert_int_equal(db_oidc_user_sync(f->db, &u, &again, &active, &e), 0);
    assert_int_equal(again, uid);
    assert_false(active);
    assert_int_equal(db_user_by_id(f->db, uid, f->a, &ua, &e), 0);
    assert_string_equal(ua.name, "Ida Ayu");
    assert_int_equal(sql(f, "SELECT count(*) FROM user_identities"), 1);
    /* another subject with a local account's email: refused unless vouched for */
    int64_t local = add_user(f, "Lokal", "lokal@x.id", "requester");
    struct oidc_user v = {.provider = "https://idp", .subject = "sub-2", .name = "Lokal",
                          .email = "LOKAL@x.id", .role = "requester"};
    err_clear(&e);
    assert_int_equal(db_oidc_user_sync(f->db, &v, &again, &active, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "oidc.email_taken");
    v.link_email = true;
    assert_int_equal(db_oidc_user_sync(f->db, &v, &again, &active, &e), 0);
    assert_int_equal(again, local);
    assert_true(active);
    /* an LDAP account is never taken over */
    int64_t ldap = add_user(f, "Ldap", "ldap@x.id", "requester");
    sql(f, "UPDATE users SET auth_source = 'ldap' WHERE id = %lld", (long long)ldap);
    struct oidc_user w = {.provider = "https://idp", .subject = "sub-3", .name = "L",
                          .email = "ldap@x.id", .role = "requester", .link_email = true};
    err_clear(&e);
    assert_int_equal(db_oidc_user_sync(f->db, &w, &again, &active, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "oidc.email_taken");
    /* a linked subject whose directory email moved onto another account */
    u.email = "lokal@x.id";
    err_clear(&e);
    assert_int_equal(db_oidc_user_sync(f->db, &u, &again, &active, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "oidc.email_taken");
}

/* ---- report subscriptions --------------------------------------------- */

static int claim_fn(struct db *db, struct other_job *j, struct err *err)
{
    return db_subscription_claim(db, j->id, "2026-12", 2000, 1000, err);
}

static void pg_auth_7_subscriptions(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    int64_t owner = add_user(f, "Pemilik", "pemilik@x.id", "leader");
    int64_t unit = add_unit(f, "Unit Laporan", NULL);
    struct report_subscription s = {.owner_id = owner, .report = "recap", .format = "pdf",
                                    .cadence = "weekly", .weekday = 3, .at_minute = 480,
                                    .unit_id = unit, .active = true, .created_at = 10,
                                    .updated_at = 10};
    assert_int_equal(db_subscription_save(f->db, &s, &e), 0);
    assert_true(s.id > 0);
    struct report_subscription s2 = {.owner_id = owner, .report = "sla", .format = "xlsx",
                                     .cadence = "monthly", .weekday = 1, .at_minute = 0,
                                     .extra_recipients = "a@x.id", .active = false,
                                     .created_at = 20, .updated_at = 20};
    assert_int_equal(db_subscription_save(f->db, &s2, &e), 0);
    struct report_subscription got;
    assert_int_equal(db_subscription_get(f->db, s.id, f->a, &got, &e), 0);
    assert_string_equal(got.report, "recap");
    assert_int_equal(got.weekday, 3);
    assert_int_equal(got.at_minute, 480);
    assert_string_equal(got.extra_recipients, "");
    assert_string_equal(got.owner_name, "Pemilik");
    assert_string_equal(got.unit_name, "Unit Laporan");
    assert_null(got.last_period);
    /* an update keeps owner and created_at */
    got.format = "xlsx";
    got.owner_id = 999;
    got.created_at = 99;
    got.updated_at = 30;
    assert_int_equal(db_subscription_save(f->db, &got, &e), 0);
    assert_int_equal(db_subscription_get(f->db, s.id, f->a, &got, &e), 0);
    assert_string_equal(got.format, "xlsx");
    assert_int_equal(got.owner_id, owner);
    assert_int_equal(got.created_at, 10);
    assert_int_equal(got.updated_at, 30);
    struct report_subscription *items;
    size_t n;
    assert_int_equal(db_subscription_list(f->db, owner, f->a, &items, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(items[0].id, s2.id); /* newest first */
    assert_int_equal(db_subscription_list(f->db, owner + 1000, f->a, &items, &n, &e), 0);
    assert_int_equal(n, 0);
    struct report_subscription ghost = s;
    ghost.id = 424242;
    err_clear(&e);
    assert_int_equal(db_subscription_save(f->db, &ghost, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "subscription.not_found");

    /* the claim of a period: once; a stale claim is taken over; a finished
    ** period never again */
    assert_int_equal(db_subscription_claim(f->db, s.id, "2026-W49", 500, 400, &e), 0);
    err_clear(&e);
    assert_int_equal(db_subscription_claim(f->db, s.id, "2026-W49", 501, 400, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "subscription.period_taken");
    assert_int_equal(db_subscription_claim(f->db, s.id, "2026-W49", 900, 501, &e), 0);
    assert_int_equal(sql(f, "SELECT claimed_at FROM report_subscription_sends"), 900);
    assert_int_equal(db_subscription_finish(f->db, s.id, "2026-W49", "queued", NULL, 950, &e), 0);
    err_clear(&e);
    assert_int_equal(db_subscription_claim(f->db, s.id, "2026-W49", 5000, 4000, &e),
                     ERR_CONFLICT);
    assert_int_equal(db_subscription_get(f->db, s.id, f->a, &got, &e), 0);
    assert_string_equal(got.last_period, "2026-W49");
    assert_string_equal(got.last_status, "queued");
    assert_int_equal(got.last_at, 950);

    /* two nodes at once: a claim held in one's open transaction makes the
    ** other wait, and once it commits the other is refused */
    assert_int_equal(db_begin(f->db, &e), 0);
    assert_int_equal(db_subscription_claim(f->db, s2.id, "2026-12", 2000, 1000, &e), 0);
    struct other_job job = {.st = f->st, .fn = claim_fn, .id = s2.id};
    pthread_t th;
    start_other(&th, &job);
    assert_int_equal(db_commit(f->db, &e), 0);
    pthread_join(th, NULL);
    assert_int_equal(job.rc, ERR_CONFLICT);
    assert_string_equal(job.code, "subscription.period_taken");
    assert_int_equal(sql(f, "SELECT count(*) FROM report_subscription_sends "
                            "WHERE period = '2026-12'"),
                     1);

    assert_int_equal(db_subscription_delete(f->db, s.id, &e), 0);
    assert_int_equal(sql(f, "SELECT count(*) FROM report_subscription_sends "
                            "WHERE subscription_id = %lld",
                         (long long)s.id),
                     0);
    err_clear(&e);
    assert_int_equal(db_subscription_delete(f->db, s.id, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "subscription.not_found");
    err_clear(&e);
    assert_int_equal(db_subscription_get(f->db, s.id, f->a, &got, &e), ERR_NOT_FOUND);
}

/* ---- in-app notifications ---------------------------------------------- */

static void pg_auth_8_inapp(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    int64_t agent = add_user(f, "Agen", "agen@x.id", "agent");
    int64_t actor = add_user(f, "Pelapor", "lapor@x.id", "requester");
    int64_t t1 = add_ticket(f, "TKT-2026-000010", actor);
    int64_t t2 = add_ticket(f, "TKT-2026-000011", actor);
    struct inapp_note n1 = {.user_id = agent, .ticket_id = t1, .kind = "reply",
                            .actor_id = actor, .created_at = 100};
    assert_int_equal(db_inapp_add(f->db, &n1, &e), 0);
    /* the same unread thing again: the row moves, no second row */
    n1.created_at = 200;
    n1.actor_id = 0;
    assert_int_equal(db_inapp_add(f->db, &n1, &e), 0);
    struct inapp_note n2 = {.user_id = agent, .ticket_id = t2, .kind = "status",
                            .detail = "resolved", .actor_id = actor, .created_at = 150};
    assert_int_equal(db_inapp_add(f->db, &n2, &e), 0);
    int64_t unread = -1;
    assert_int_equal(db_inapp_unread(f->db, agent, &unread, &e), 0);
    assert_int_equal(unread, 2);
    struct inapp_note *items;
    size_t n;
    assert_int_equal(db_inapp_list(f->db, agent, false, 10, f->a, &items, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(items[0].ticket_id, t1); /* newest first */
    assert_int_equal(items[0].created_at, 200);
    assert_int_equal(items[0].actor_id, 0);
    assert_null(items[0].actor_name);
    assert_string_equal(items[0].ticket_number, "TKT-2026-000010");
    assert_string_equal(items[0].ticket_title, "Judul TKT-2026-000010");
    assert_string_equal(items[0].ticket_status, "new");
    assert_string_equal(items[1].detail, "resolved");
    assert_string_equal(items[1].actor_name, "Pelapor");
    assert_int_equal(items[1].read_at, 0);
    int64_t changed = -1;
    err_clear(&e);
    assert_int_equal(db_inapp_mark_read(f->db, actor, items[1].id, 300, &changed, &e),
                     ERR_NOT_FOUND);
    assert_string_equal(e.code, "inapp.not_found");
    assert_int_equal(db_inapp_mark_read(f->db, agent, items[1].id, 300, &changed, &e), 0);
    assert_int_equal(changed, 1);
    assert_int_equal(db_inapp_mark_read(f->db, agent, items[1].id, 301, &changed, &e), 0);
    assert_int_equal(changed, 0); /* read already: still the user's, no error */
    assert_int_equal(db_inapp_list(f->db, agent, true, 10, f->a, &items, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].ticket_id, t1);
    /* a read row is not moved: a new one comes */
    n2.created_at = 400;
    assert_int_equal(db_inapp_add(f->db, &n2, &e), 0);
    assert_int_equal(db_inapp_mark_read(f->db, agent, 0, 500, &changed, &e), 0);
    assert_int_equal(changed, 2);
    assert_int_equal(db_inapp_unread(f->db, agent, &unread, &e), 0);
    assert_int_equal(unread, 0);
    assert_int_equal(db_inapp_list(f->db, agent, false, 1, f->a, &items, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].created_at, 400);
    assert_int_equal(items[0].read_at, 500);
}

/* ---- the audit log's text filter -------------------------------------- */

static void pg_auth_9_audit_text(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    int64_t uid = add_user(f, "Budi Admin", "budi@x.id", "admin");
    assert_int_equal(db_audit_add(f->db, uid, "update", "units", 7, "{\"name\":\"Dinas\"}",
                                  "10.0.0.9", &e), 0);
    assert_int_equal(db_audit_add(f->db, 0, "login_failed", "auth", 0, "50% off", NULL, &e), 0);
    struct audit_query q = {.page = 1, .per_page = 10, .q = "BUDI"};
    struct audit_row *rows;
    size_t n;
    int64_t total;
    assert_int_equal(db_audit_list(f->db, &q, f->a, &rows, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(rows[0].record_id, 7);
    assert_string_equal(rows[0].ip, "10.0.0.9");
    assert_string_equal(rows[0].detail, "{\"name\":\"Dinas\"}");
    q.q = "dinas";
    assert_int_equal(db_audit_list(f->db, &q, f->a, &rows, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    q.q = "FAILED";
    assert_int_equal(db_audit_list(f->db, &q, f->a, &rows, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(rows[0].actor_id, 0);
    assert_int_equal(rows[0].record_id, 0);
    assert_null(rows[0].ip);
    q.q = NULL;
    q.resource = "auth";
    q.actor_id = uid;
    assert_int_equal(db_audit_list(f->db, &q, f->a, &rows, &n, &total, &e), 0);
    assert_int_equal(total, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(pg_auth_1_records_nocase_and_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_auth_2_sessions_across_connections, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_auth_3_faq, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_auth_4_signup_and_invites, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_auth_5_limits_policy, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_auth_6_oidc, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_auth_7_subscriptions, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_auth_8_inapp, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_auth_9_audit_text, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

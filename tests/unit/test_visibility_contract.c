/* visibility-*: the contract between the visibility rule and the SQL (issue
** #18 item 2). core/perm.c decides who sees a ticket (perm_can with
** ACT_TICKET_VIEW) and gives the list form of that rule
** (perm_ticket_scope); store/sqlite/scope.c turns the scope into SQL. On a
** fresh demo store seeded with tickets of every kind, for every demo role
** and some made-up principals, every list (unfiltered, filtered, paged and
** sorted), every text search, report totals and the export's rows must hold
** exactly the tickets perm_can lets that principal see, ticket by ticket. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/perm.h"
#include "core/resource.h"
#include "report/report.h"
#include "store/report_store.h"
#include "svc/svc.h"
/* last: the fixture's globals (db, a) would shadow header parameters */
#define DEMO_STORE_FIXTURE "vis"
#include "demo_store.h"

/* every ticket of the store, read back (booking staff included) */
enum { MAX_T = 256 };
static struct ticket *all[MAX_T];
static size_t n_all;

enum { MAX_P = 24 };
static struct principal who[MAX_P];
static const char *who_name[MAX_P];
static size_t n_who;

static int64_t svc_plain, svc_clinic, svc_virtual, unit_kominfo, unit_kes, unit_pend,
    unit_setda, vendor_mitra, vendor_solusi;
static struct user_auth u_admin, u_leader, u_agent, u_pic, u_vendor, u_req, u_req2;

static int64_t find(const struct resource *res, const char *field, const char *value)
{
    struct err e = {0};
    struct rec_query rq = {.sort_field = -1, .page = 1, .per_page = 1, .n_filters = 1};
    rq.filters[0].field = resource_field(res, field);
    rq.filters[0].val = (struct value){.set = true, .s = value};
    struct record **items;
    size_t n;
    int64_t total;
    assert_int_equal(db_rec_list(db, res, &rq, a, &items, &n, &total, &e), 0);
    assert_int_equal(n, 1);
    return items[0]->id;
}

static void user(const char *login, struct user_auth *u)
{
    struct err e = {0};
    assert_int_equal(db_user_by_login(db, login, a, u, &e), 0);
}

/* A ticket as the seed wants it: created through the store, then its
** working state (status, escalation, assignee, merge) saved over it. */
struct seed {
    const char *title;
    int64_t *service, requester, *unit, assignee, *esc_unit, *esc_vendor;
    const char *status;
    bool booking, merged;
};

static void plant(const struct seed *s, int64_t merged_into)
{
    struct err e = {0};
    struct ticket *t = arena_alloc(a, sizeof *t);
    memset(t, 0, sizeof *t);
    t->title = s->title;
    t->description = "kontrak visibilitas";
    t->service_id = s->service ? *s->service : svc_plain;
    t->priority_id = 2;
    t->requester_id = s->requester;
    t->unit_id = s->unit ? *s->unit : 0;
    t->channel = "web";
    t->created_at = 1796000000 + (int64_t)n_all * 60;
    t->booking = s->booking;
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(db_ticket_create(db, t, "VIS", 2026, a, &e), 0);
    struct ticket *full;
    assert_int_equal(db_ticket_get_id(db, t->id, a, &full, &e), 0);
    full->status = s->status ? s->status : "new";
    full->assignee_id = s->assignee;
    if (s->esc_unit) {
        full->tier = 2;
        full->esc_unit_id = *s->esc_unit;
    }
    if (s->esc_vendor) {
        full->tier = 3;
        full->esc_vendor_id = *s->esc_vendor;
    }
    if (!strcmp(full->status, "resolved") || !strcmp(full->status, "closed"))
        full->resolved_at = full->created_at + 3600;
    if (!strcmp(full->status, "closed"))
        full->closed_at = full->created_at + 7200;
    if (s->merged)
        full->merged_into_id = merged_into;
    assert_int_equal(db_ticket_save(db, full, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    n_all++;
}

static void add_who(const char *name, struct principal p)
{
    assert_true(n_who < MAX_P);
    who_name[n_who] = name;
    who[n_who++] = p;
}

/* Seeds the tickets and principals once (the first test runs it). */
static void seed_all(void)
{
    if (n_all)
        return;
    user("admin@demo.test", &u_admin);
    user("leader@demo.test", &u_leader);
    user("agent@demo.test", &u_agent);
    user("pic@demo.test", &u_pic);
    user("vendor@demo.test", &u_vendor);
    user("requester@demo.test", &u_req);
    user("requester2@demo.test", &u_req2);
    svc_plain = find(&res_services, "name", "Gangguan Jaringan Internet");
    svc_clinic = find(&res_services, "name", "Klinik Pratama - Poli Umum");
    svc_virtual = find(&res_services, "name", "Konsultasi Virtual Layanan TIK");
    unit_kominfo = u_pic.p.unit_id;
    unit_kes = u_req.p.unit_id;
    unit_pend = u_req2.p.unit_id;
    unit_setda = u_leader.p.unit_id;
    vendor_mitra = u_vendor.p.vendor_id;
    vendor_solusi = find(&res_vendors, "name", "CV Solusi Data Nusantara");
    assert_true(unit_kominfo && unit_kes && unit_pend && unit_setda && vendor_mitra &&
                vendor_solusi && unit_kes != unit_pend);
    int64_t req = u_req.p.id, req2 = u_req2.p.id, pic = u_pic.p.id, ven = u_vendor.p.id;
    const struct seed seeds[] = {
        {"printer kantor mati", NULL, req, &unit_kes, 0, NULL, NULL, NULL, false, false},
        {"jaringan lambat", NULL, req2, &unit_pend, 0, NULL, NULL, NULL, false, false},
        {"printer di unit yang sama", NULL, req2, &unit_kes, 0, NULL, NULL, NULL, false, false},
        {"eskalasi ke unit kominfo", NULL, req2, &unit_pend, 0, &unit_kominfo, NULL, "in_progress", false, false},
        {"printer eskalasi ke unit lain", NULL, req, &unit_kes, 0, &unit_kes, NULL, NULL, false, false},
        {"eskalasi ke vendor mitra", NULL, req2, &unit_pend, 0, NULL, &vendor_mitra, "waiting", false, false},
        {"printer eskalasi ke vendor lain", NULL, req2, &unit_pend, 0, NULL, &vendor_solusi, NULL, false, false},
        {"ditugaskan ke pic", NULL, req2, &unit_pend, pic, NULL, NULL, "in_progress", false, false},
        {"printer ditugaskan ke vendor", NULL, req2, &unit_pend, ven, NULL, NULL, NULL, false, false},
        {"diminta oleh pic", NULL, pic, &unit_kominfo, 0, NULL, NULL, NULL, false, false},
        {"printer diminta oleh vendor", NULL, ven, NULL, 0, NULL, NULL, NULL, false, false},
        {"diminta oleh pimpinan", NULL, u_leader.p.id, &unit_setda, 0, NULL, NULL, NULL, false, false},
        {"printer selesai", NULL, req, &unit_kes, pic, NULL, NULL, "resolved", false, false},
        {"ditutup", NULL, req2, &unit_pend, 0, NULL, NULL, "closed", false, false},
        {"printer dibatalkan", NULL, req2, &unit_kes, 0, NULL, NULL, "cancelled", false, false},
        {"digabung", NULL, req2, &unit_pend, 0, NULL, NULL, "closed", false, true},
        {"printer digabung unit sama", NULL, req, &unit_kes, 0, NULL, NULL, "closed", false, true},
        /* bookings: health data, seen by requester, staff and admins only */
        {"janji klinik", &svc_clinic, req, &unit_kes, 0, NULL, NULL, "in_progress", true, false},
        {"printer janji klinik lain", &svc_clinic, req2, &unit_pend, 0, NULL, NULL, "in_progress", true, false},
        {"janji konsultasi virtual", &svc_virtual, req2, &unit_kes, 0, NULL, NULL, "new", true, false},
        {"printer janji tanpa staf", NULL, req2, &unit_pend, 0, NULL, NULL, "new", true, false},
        {"janji pimpinan", &svc_clinic, u_leader.p.id, &unit_setda, 0, NULL, NULL, "cancelled", true, false},
    };
    int64_t first = 0;
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        plant(&seeds[i], first);
        if (!first) { /* the first ticket is what the merged ones went into */
            struct err e = {0};
            struct ticket *t;
            assert_int_equal(db_ticket_get(db, "VIS-2026-000001", a, &t, &e), 0);
            first = t->id;
        }
    }
    /* every ticket of the store, the demo's too */
    n_all = 0;
    int misses = 0;
    for (int64_t id = 1; misses < 50 && n_all < MAX_T; id++) {
        struct err e = {0};
        struct ticket *t;
        if (db_ticket_get_id(db, id, a, &t, &e) != 0) {
            misses++;
            continue;
        }
        misses = 0;
        all[n_all++] = t;
    }
    assert_true(n_all >= sizeof seeds / sizeof seeds[0]);

    add_who("admin", u_admin.p);
    add_who("leader", u_leader.p);
    add_who("tier-1 agent (clinic staff)", u_agent.p);
    add_who("tier-2 agent, partner admin (virtual staff)", u_pic.p);
    add_who("tier-3 vendor agent", u_vendor.p);
    add_who("requester with unit", u_req.p);
    add_who("requester of another unit", u_req2.p);
    struct principal p = u_req.p;
    p.own_only = true;
    add_who("requester, own only", p);
    add_who("tier-2 of another unit",
            (struct principal){.id = 990001, .role = ROLE_AGENT, .tier = 2, .unit_id = unit_kes,
                               .active = true});
    add_who("vendor with no tickets",
            (struct principal){.id = 990002, .role = ROLE_AGENT, .tier = 3, .vendor_id = 990003,
                               .active = true});
    add_who("vendor of another company",
            (struct principal){.id = 990004, .role = ROLE_AGENT, .tier = 3,
                               .vendor_id = vendor_solusi, .active = true,
                               .vendor_sees_internal = true});
    add_who("requester without unit",
            (struct principal){.id = u_vendor.p.id, .role = ROLE_REQUESTER, .active = true});
    add_who("leader with a unit",
            (struct principal){.id = 990005, .role = ROLE_LEADER, .unit_id = unit_kes,
                               .active = true});
    add_who("requester who serves the clinic",
            (struct principal){.id = u_agent.p.id, .role = ROLE_REQUESTER, .unit_id = unit_pend,
                               .active = true});
    add_who("tier-2 agent without unit",
            (struct principal){.id = 990006, .role = ROLE_AGENT, .tier = 2, .active = true});
    p = u_admin.p;
    p.active = false;
    add_who("inactive admin", p);
}

static bool sees(const struct principal *p, const struct ticket *t)
{
    struct perm_obj o = svc_ticket_perm_obj(t);
    return perm_can(p, ACT_TICKET_VIEW, &o);
}

/* ---- sets of tickets --------------------------------------------------- */

struct set {
    bool in[MAX_T];
};

static int idx_of_id(int64_t id)
{
    for (size_t i = 0; i < n_all; i++)
        if (all[i]->id == id)
            return (int)i;
    return -1;
}

static int idx_of_number(const char *number)
{
    for (size_t i = 0; i < n_all; i++)
        if (!strcmp(all[i]->number, number))
            return (int)i;
    return -1;
}

typedef bool pick_fn(const struct ticket *t);

static struct set expected(const struct principal *p, pick_fn *pick)
{
    struct set s = {{0}};
    for (size_t i = 0; i < n_all; i++)
        s.in[i] = sees(p, all[i]) && (!pick || pick(all[i]));
    return s;
}

static size_t set_size(const struct set *s)
{
    size_t k = 0;
    for (size_t i = 0; i < n_all; i++)
        k += s->in[i];
    return k;
}

/* Reports each difference; returns how many. */
static int compare(const char *what, size_t p, const struct set *want, const struct set *got)
{
    int wrong = 0;
    for (size_t i = 0; i < n_all; i++)
        if (want->in[i] != got->in[i]) {
            print_message("# %s / %s: %s %s (\"%s\")\n", what, who_name[p],
                          got->in[i] ? "shows" : "misses", all[i]->number, all[i]->title);
            wrong++;
        }
    return wrong;
}

/* The seed is worth checking against: the admin sees every ticket, the
** inactive account none, and every other principal some but not all
** (so a scope that showed all or nothing would be caught). */
static void visibility_0_seed_splits_principals(void **state)
{
    (void)state;
    seed_all();
    for (size_t p = 0; p < n_who; p++) {
        struct set s = expected(&who[p], NULL);
        size_t k = set_size(&s);
        print_message("# %s sees %zu of %zu tickets\n", who_name[p], k, n_all);
        if (!strcmp(who_name[p], "admin"))
            assert_int_equal(k, n_all);
        else if (!strcmp(who_name[p], "inactive admin") ||
                 !strcmp(who_name[p], "vendor with no tickets") ||
                 !strcmp(who_name[p], "tier-2 agent without unit"))
            assert_int_equal(k, 0);
        else
            assert_true(k > 0 && k < n_all);
    }
}

/* ---- the list and its text search -------------------------------------- */

static bool has_printer(const struct ticket *t)
{
    return strstr(t->title, "printer") != NULL;
}

static bool is_open(const struct ticket *t)
{
    return !strcmp(t->status, "new") || !strcmp(t->status, "in_progress");
}

static bool printer_open(const struct ticket *t)
{
    return has_printer(t) && is_open(t);
}

static bool of_kes(const struct ticket *t)
{
    return t->unit_id == unit_kes;
}

static bool tier2(const struct ticket *t)
{
    return t->tier == 2;
}

static bool of_clinic(const struct ticket *t)
{
    return t->service_id == svc_clinic;
}

static bool not_booking(const struct ticket *t)
{
    return !t->booking;
}

static bool only_booking(const struct ticket *t)
{
    return t->booking;
}

static bool finished(const struct ticket *t)
{
    return (!strcmp(t->status, "resolved") || !strcmp(t->status, "closed")) && !t->booking;
}

/* Every page of the list, collected; checks the total and that no ticket
** shows twice. */
static struct set list_all(struct ticket_query q, size_t p, int *wrong)
{
    struct set s = {{0}};
    size_t seen = 0;
    int64_t total = -1;
    for (q.page = 1; q.page < 100; q.page++) {
        struct err e = {0};
        struct ticket **items;
        size_t n;
        bool capped;
        if (db_ticket_list(db, &q, a, &items, &n, &total, &capped, &e) != 0) {
            print_message("# list failed for %s: %s\n", who_name[p], e.msg[LOC_EN]);
            (*wrong)++;
            return s;
        }
        for (size_t i = 0; i < n; i++) {
            int k = idx_of_id(items[i]->id);
            if (k < 0 || s.in[k]) {
                print_message("# %s: ticket %lld listed twice or unknown\n", who_name[p],
                              (long long)items[i]->id);
                (*wrong)++;
                continue;
            }
            s.in[k] = true;
            seen++;
        }
        if (n < (size_t)q.per_page)
            break;
    }
    if (total != (int64_t)seen) {
        print_message("# %s: total %lld, %zu listed\n", who_name[p], (long long)total, seen);
        (*wrong)++;
    }
    return s;
}

struct list_case {
    const char *what;
    pick_fn *pick;
    const char *text, *status, *sort;
    bool desc;
    int64_t *unit, *service;
    int tier, per_page;
};

static void visibility_1_lists_and_search(void **state)
{
    (void)state;
    seed_all();
    const struct list_case cases[] = {
        {"list", NULL, NULL, NULL, "created_at", true, NULL, NULL, 0, 200},
        {"list by 3, oldest first", NULL, NULL, NULL, "created_at", false, NULL, NULL, 0, 3},
        {"list by 4, by priority", NULL, NULL, NULL, "priority", false, NULL, NULL, 0, 4},
        {"list by 5, by update", NULL, NULL, NULL, "updated_at", true, NULL, NULL, 0, 5},
        {"list by 2, by number", NULL, NULL, NULL, "number", false, NULL, NULL, 0, 2},
        {"list of a unit", of_kes, NULL, NULL, "created_at", true, &unit_kes, NULL, 0, 200},
        {"list of tier 2", tier2, NULL, NULL, "created_at", true, NULL, NULL, 2, 200},
        {"list of a service", of_clinic, NULL, NULL, "created_at", true, NULL, &svc_clinic, 0, 200},
        {"list of open tickets", is_open, NULL, "new,in_progress", "created_at", true, NULL, NULL, 0, 200},
        {"search", has_printer, "printer", NULL, "created_at", true, NULL, NULL, 0, 200},
        {"search by 2", has_printer, "printer", NULL, "created_at", true, NULL, NULL, 0, 2},
        {"search by title", has_printer, "printer", NULL, "title", false, NULL, NULL, 0, 3},
        {"search of open tickets", printer_open, "printer", "new,in_progress", "created_at", true, NULL, NULL, 0, 200},
        {"search of open tickets by 1", printer_open, "print", "new,in_progress", "priority", false, NULL, NULL, 0, 1},
    };
    int wrong = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const struct list_case *k = &cases[c];
        for (size_t p = 0; p < n_who; p++) {
            struct ticket_query q = {.scope = perm_ticket_scope(&who[p]),
                                     .q = k->text, .sla_breached = -1, .sort = k->sort,
                                     .sort_desc = k->desc, .per_page = k->per_page,
                                     .tier = k->tier};
            q.unit_id = k->unit ? *k->unit : 0;
            q.service_id = k->service ? *k->service : 0;
            if (k->status) {
                q.statuses[q.n_statuses++] = "new";
                q.statuses[q.n_statuses++] = "in_progress";
            }
            struct set want = expected(&who[p], k->pick);
            struct set got = list_all(q, p, &wrong);
            wrong += compare(k->what, p, &want, &got);
        }
    }
    assert_int_equal(wrong, 0);
}

/* ---- reports and exports ----------------------------------------------- */

static int64_t fig(const struct rdoc *doc, const char *key)
{
    for (size_t i = 0; i < doc->n_figs; i++)
        if (!strcmp(doc->fig_keys[i], key))
            return (int64_t)doc->fig_values[i];
    fail_msg("no figure %s in report %s", key, doc->name);
    return -1;
}

/* an internal note's body on every ticket (add_events below) */
static const char INTERNAL_MARK[] = "CATATAN-INTERNAL-kontrak";

/* The export's rows: the CSV the export worker writes, read back. */
static struct set exported(const struct report_args *args, size_t p, int *wrong)
{
    struct set s = {{0}};
    struct err e = {0};
    FILE *f = tmpfile();
    assert_non_null(f);
    struct rsink *sink = report_csv_sink(f);
    if (report_export_tickets(db, args, sink, NULL, NULL, &e) != 0) {
        print_message("# export failed for %s: %s\n", who_name[p], e.msg[LOC_EN]);
        (*wrong)++;
    }
    rewind(f);
    char line[4096];
    int row = 0;
    for (; fgets(line, sizeof line, f); row++) {
        if (row == 0)
            continue; /* the header */
        if (line[0] == '\r' || line[0] == '\n')
            break; /* the end of the tickets: the timeline table follows */
        line[strcspn(line, ",\r\n")] = 0;
        int k = idx_of_number(line);
        if (k < 0 || s.in[k]) {
            print_message("# export for %s: row %s twice or unknown\n", who_name[p], line);
            (*wrong)++;
            continue;
        }
        s.in[k] = true;
    }
    /* timeline=public (issue #21): events of exported tickets only, and of
    ** each of them but bookings (add_events gave each a public comment) */
    struct set tl = {{0}};
    for (int trow = 0; args->timeline && fgets(line, sizeof line, f); trow++) {
        if (trow < 2)
            continue; /* its title and header */
        if (strstr(line, INTERNAL_MARK)) {
            print_message("# export for %s: an internal note in the timeline\n", who_name[p]);
            (*wrong)++;
        }
        line[strcspn(line, ",\r\n")] = 0;
        int k = idx_of_number(line);
        if (k < 0)
            continue; /* a line of a multi-line body */
        if (!s.in[k]) {
            print_message("# export for %s: timeline of %s, not exported\n", who_name[p], line);
            (*wrong)++;
        }
        tl.in[k] = true;
    }
    for (size_t k = 0; args->timeline && k < n_all; k++)
        if (s.in[k] && tl.in[k] == all[k]->booking) {
            print_message("# export for %s: timeline of %s %s\n", who_name[p], all[k]->number,
                          all[k]->booking ? "is a booking's" : "missing");
            (*wrong)++;
        }
    fclose(f);
    return s;
}

struct report_case {
    const char *what, *query;
    pick_fn *pick;
};

/* A public comment and an internal note (INTERNAL_MARK) on every ticket,
** once: what the export's public timeline must and must not carry (#21). */
static void add_events(void)
{
    static bool done;
    for (size_t k = 0; !done && k < n_all; k++) {
        struct err e = {0};
        struct ticket_event pub = {.ticket_id = all[k]->id, .at = all[k]->created_at + 60,
                                   .actor_id = u_agent.p.id, .kind = "comment",
                                   .body = "komentar publik"};
        struct ticket_event note = pub;
        note.kind = "note";
        note.body = INTERNAL_MARK;
        note.internal = true;
        assert_int_equal(db_event_add(db, &pub, &e), 0);
        assert_int_equal(db_event_add(db, &note, &e), 0);
    }
    done = true;
}

static void visibility_2_reports_and_exports(void **state)
{
    (void)state;
    seed_all();
    add_events();
    char *clinic = arena_printf(a, "service_id=%lld", (long long)svc_clinic);
    const struct report_case cases[] = {
        {"report", "", not_booking},
        {"report with bookings", "appointments=include", NULL},
        {"report of bookings", "appointments=only", only_booking},
        {"report of a service", clinic, of_clinic},
        {"report search", "q=printer&appointments=include", has_printer},
        {"report prefix search", "q=prin&appointments=include", has_printer},
        {"report search of open tickets", "q=printer&status=new,in_progress&appointments=include",
         printer_open},
        {"report of finished tickets", "status=resolved,closed", finished},
        /* issue #21: chosen columns (number first) and the public timeline */
        {"export with columns and timeline",
         "columns=number,status&timeline=public&appointments=include", NULL},
    };
    int wrong = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const struct report_case *k = &cases[c];
        for (size_t p = 0; p < n_who; p++) {
            struct err e = {0};
            struct report_args args;
            assert_int_equal(report_args_parse_query(db, &who[p], k->query, a, &args, &e), 0);
            struct set want = expected(&who[p], k->pick);
            int64_t n_want = (int64_t)set_size(&want);
            struct set got = exported(&args, p, &wrong);
            wrong += compare(k->what, p, &want, &got);
            int64_t total;
            assert_int_equal(store_report_tickets_count(db, &args.q, &total, &e), 0);
            struct rdoc doc;
            assert_int_equal(report_build(db, a, "summary", &args, &doc, &e), 0);
            int64_t summary = fig(&doc, "total");
            struct rdoc series;
            assert_int_equal(report_build(db, a, "series", &args, &series, &e), 0);
            int64_t created = fig(&series, "created");
            /* the waiting-on-requester report (issue #21) counts the same tickets */
            struct rdoc waiting;
            assert_int_equal(report_build(db, a, "waiting", &args, &waiting, &e), 0);
            int64_t waited = fig(&waiting, "tickets");
            args.group_by = "unit";
            assert_int_equal(report_build(db, a, "summary", &args, &doc, &e), 0);
            int64_t by_unit = fig(&doc, "total");
            if (total != n_want || summary != n_want || created != n_want || by_unit != n_want ||
                waited != n_want) {
                print_message("# %s / %s: want %lld, count %lld, summary %lld, by unit %lld, "
                              "series %lld, waiting %lld (source %s)\n",
                              k->what, who_name[p], (long long)n_want, (long long)total,
                              (long long)summary, (long long)by_unit, (long long)created,
                              (long long)waited, doc.source ? doc.source : "-");
                wrong++;
            }
        }
    }
    assert_int_equal(wrong, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(visibility_0_seed_splits_principals),
        cmocka_unit_test(visibility_1_lists_and_search),
        cmocka_unit_test(visibility_2_reports_and_exports),
    };
    return cmocka_run_group_tests(tests, demo_setup, demo_teardown);
}

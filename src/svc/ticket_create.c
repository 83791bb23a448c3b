/* Filing a ticket (svc/ticket_svc.h): for oneself, for a caller recorded by
** staff (found by id, NIP, e-mail or phone, or registered), or brought by a
** channel (mail, WhatsApp) on the channel's service. */
#include "svc/ticket_svc.h"
#include "auth/crypto.h"
#include "core/arena.h"
#include "core/config.h"
#include "store/channels.h"
#include "svc/svc.h"

#include <pthread.h>
#include <string.h>

static int64_t rec_int(const struct resource *res, const struct record *r, const char *f)
{
    const struct value *v = &r->v[resource_field(res, f)];
    return v->null ? 0 : v->i;
}

/* Priority codes seen lately, for the writer thread: every new ticket names
** one and they change a few times a year. Valid for one conf_generation
** (any master-data commit drops them). */
static struct {
    pthread_mutex_t mu;
    uint64_t gen;
    unsigned n;
    struct {
        char code[32];
        int64_t id;
    } e[16];
} prio_codes = {.mu = PTHREAD_MUTEX_INITIALIZER};

static int64_t prio_cached(uint64_t gen, const char *code)
{
    int64_t id = 0;
    pthread_mutex_lock(&prio_codes.mu);
    for (unsigned i = 0; gen == prio_codes.gen && i < prio_codes.n && !id; i++)
        if (!strcmp(prio_codes.e[i].code, code))
            id = prio_codes.e[i].id;
    pthread_mutex_unlock(&prio_codes.mu);
    return id;
}

static void prio_keep(uint64_t gen, const char *code, int64_t id)
{
    if (strlen(code) >= sizeof prio_codes.e[0].code)
        return;
    pthread_mutex_lock(&prio_codes.mu);
    if (gen != prio_codes.gen) {
        prio_codes.gen = gen;
        prio_codes.n = 0;
    }
    if (prio_codes.n < sizeof prio_codes.e / sizeof prio_codes.e[0]) {
        strcpy(prio_codes.e[prio_codes.n].code, code);
        prio_codes.e[prio_codes.n++].id = id;
    }
    pthread_mutex_unlock(&prio_codes.mu);
}

int64_t svc_priority_find(struct db *db, struct arena *a, const struct prio_ref *p,
                          struct err *err)
{
    if (p->kind == PRIO_ID) {
        struct record *r;
        if (db_rec_get(db, &res_priorities, p->id, a, &r, err) != 0) {
            err_clear(err);
            return -1;
        }
        return r->id;
    }
    if (p->kind != PRIO_CODE)
        return p->kind == PRIO_BAD ? -1 : 0;
    uint64_t gen = store_conf_generation(db->st);
    int64_t id = prio_cached(gen, p->code);
    if (id)
        return id;
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 1, .n_filters = 1};
    q.filters[0].field = resource_field(&res_priorities, "code");
    q.filters[0].val = (struct value){.set = true, .s = p->code};
    struct record **items;
    size_t n;
    int64_t total;
    if (db_rec_list(db, &res_priorities, &q, a, &items, &n, &total, err) != 0)
        return -1;
    if (n)
        prio_keep(gen, p->code, items[0]->id);
    return n ? items[0]->id : -1;
}

/* Finds the caller an agent records a request for: requester_id, or
** requester {nip|email|phone} looked up, or created when it has a name. */
static int find_requester(struct db *db, struct arena *a, const struct ticket_new *in,
                          int64_t *id, int64_t *unit_id, struct err *err)
{
    struct record *r;
    if (in->requester_id_given) {
        if (db_rec_get(db, &res_users, in->requester_id, a, &r, err) != 0) {
            err_clear(err);
            return err_invalid(err, "requester_id", "pemohon tidak ditemukan",
                               "requester not found");
        }
        *id = r->id;
        *unit_id = rec_int(&res_users, r, "unit_id");
        return 0;
    }
    struct requester_ref *rqo = in->requester;
    if (!rqo) /* issue #20 item 2: never the agent's own name by default */
        return err_invalid(err, "requester_id",
                           "pilih penelepon, atau daftarkan penelepon baru "
                           "(requester_id atau requester {nip|email|phone, name})",
                           "choose the caller, or register a new one "
                           "(requester_id or requester {nip|email|phone, name})");
    static const char *const keys[] = {"nip", "email", "phone"};
    const char *vals[] = {rqo->nip, rqo->email, rqo->phone};
    for (size_t k = 0; k < 3; k++) {
        const char *v = vals[k];
        if (!v || !*v)
            continue;
        struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 2, .n_filters = 1};
        q.filters[0].field = resource_field(&res_users, keys[k]);
        q.filters[0].val = (struct value){.set = true, .s = v};
        struct record **items;
        size_t n;
        int64_t total;
        if (db_rec_list(db, &res_users, &q, a, &items, &n, &total, err) != 0)
            return err->kind;
        if (n == 1) {
            *id = items[0]->id;
            *unit_id = rec_int(&res_users, items[0], "unit_id");
            return 0;
        }
    }
    /* Unknown caller: record them as a requester without a password. */
    if (!rqo->name || !*rqo->name)
        return err_invalid(err, "requester.name",
                           "pemohon belum terdaftar: isi nama untuk mendaftarkannya",
                           "unknown requester: give a name to register them");
    if (rqo->bad) {
        *err = *rqo->bad;
        return err->kind;
    }
    r = rqo->rec;
    struct value *role = &r->v[resource_field(&res_users, "role")];
    *role = (struct value){.set = true, .s = "requester"};
    struct value *email = &r->v[resource_field(&res_users, "email")];
    if (!email->set || email->null) {
        /* email is required and unique: a placeholder keeps phone/walk-in callers recordable */
        char rnd[TOKEN_HEX];
        token_random_hex(rnd);
        *email = (struct value){.set = true, .s = arena_printf(a, "noemail-%.12s@loket.invalid", rnd)};
    }
    record_apply_defaults(&res_users, r);
    if (record_validate(&res_users, r, true, err) != 0 ||
        db_rec_create(db, &res_users, r, err) != 0)
        return err->kind;
    *id = r->id;
    *unit_id = rec_int(&res_users, r, "unit_id");
    rqo->registered = true;
    return 0;
}

static bool by_channel(const struct actor *who)
{
    return who->channel && strcmp(who->channel, "web") != 0 && strcmp(who->channel, "cli") != 0;
}

int svc_ticket_create_check(const struct actor *who, const struct ticket_new *in,
                            struct err *err)
{
    if (!in->for_other)
        return 0;
    if (!who->user || !perm_can(&who->user->p, ACT_TICKET_CREATE_FOR_OTHER, NULL)) {
        err_clear(err);
        return err_text(err, ERR_FORBIDDEN, "ticket.forbidden",
                        "hanya petugas tingkat 1 yang mencatat permintaan atas nama orang lain",
                        "only tier 1 staff record requests on behalf of others");
    }
    bool known = !in->channel;
    for (const char *const *c = svc_ticket_channels; !known && *c; c++)
        known = !strcmp(in->channel, *c);
    if (!known)
        err_field(err, "channel", "harus web, email, whatsapp, phone atau walk_in",
                  "must be web, email, whatsapp, phone or walk_in");
    return 0;
}

/* A channel's ticket: cfg->channel_service_id, else the first active ticket
** service, with its category and priority. */
static int channel_service(struct db *db, const struct actor *who, struct arena *a,
                           struct ticket *t, struct err *err)
{
    int64_t sid = who->cfg->channel_service_id;
    if (!sid && chan_default_service(db, &sid, err) != 0)
        return err->kind;
    struct record *svc;
    if (!sid || db_rec_get(db, &res_services, sid, a, &svc, err) != 0)
        return err_set(err, ERR_INTERNAL, "channel.no_service",
                       "tidak ada layanan untuk tiket dari kanal (channel_service_id)",
                       "no service for channel tickets (channel_service_id)");
    t->service_id = svc->id;
    t->category_id = rec_int(&res_services, svc, "category_id");
    t->priority_id = rec_int(&res_services, svc, "priority_id");
    return 0;
}

/* Everything that reads or writes the database for a new ticket; on the API
** it runs on the group-commit writer inside its transaction (a savepoint of
** its own). */
int svc_ticket_create(struct db *db, const struct actor *who, struct arena *a,
                      const struct ticket_new *in, struct ticket **out, struct err *err)
{
    if (!who->user) /* the system files nothing on its own */
        return svc_ticket_forbidden(err);
    const struct principal *me = &who->user->p;
    struct ticket *t = arena_alloc(a, sizeof *t);
    t->title = in->title;
    t->description = in->description;
    t->contact_name = in->contact_name;
    t->contact_phone = in->contact_phone;
    if (by_channel(who)) {
        /* Mail or a message: the sender files it on the channel's service. */
        struct record *user;
        t->channel = who->channel;
        if (channel_service(db, who, a, t, err) != 0 ||
            db_rec_get(db, &res_users, me->id, a, &user, err) != 0)
            return err->kind;
        t->requester_id = me->id;
        t->unit_id = rec_int(&res_users, user, "unit_id");
        t->created_by = me->id;
        return svc_ticket_open(db, a, who->cfg, t, true, who->now, out, err);
    }
    if (svc_ticket_create_check(who, in, err) != 0)
        return err->kind;
    if (err->n_fields)
        return err_set(err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
    t->channel = in->for_other ? (in->channel ? in->channel : "phone") : "web";
    struct record *svc;
    if (db_rec_get(db, &res_services, in->service_id, a, &svc, err) != 0 ||
        !rec_int(&res_services, svc, "active")) {
        err_clear(err);
        return err_invalid(err, "service_id", "layanan tidak ditemukan", "no such service");
    }
    const char *kind = svc->v[resource_field(&res_services, "kind")].s;
    if (strcmp(kind, "ticket") != 0)
        return err_invalid(err, "service_id",
                           "layanan ini tidak melalui tiket (lihat tautan atau jadwal layanan)",
                           "this service is not handled by tickets (use its link or booking)");
    t->service_id = svc->id;
    t->category_id = rec_int(&res_services, svc, "category_id");
    int64_t prio = svc_priority_find(db, a, &in->priority, err);
    if (prio < 0)
        return err_invalid(err, "priority", "prioritas tidak dikenal", "unknown priority");
    t->priority_id = prio ? prio : rec_int(&res_services, svc, "priority_id");
    if (in->for_other) {
        if (find_requester(db, a, in, &t->requester_id, &t->unit_id, err) != 0)
            return err->kind;
        /* A request recorded for a caller is never filed as the agent's own
        ** (issue #20 item 2), whether chosen by id or matched by NIP, email
        ** or phone; the agent's own ticket goes through the plain form. */
        if (t->requester_id == me->id)
            return err_invalid(err, "requester_id",
                               "pilih penelepon: permintaan yang dicatat untuk penelepon tidak "
                               "dapat atas nama Anda sendiri",
                               "choose the caller: a request recorded for a caller cannot be "
                               "in your own name");
    } else {
        t->requester_id = me->id;
        t->unit_id = me->unit_id;
    }
    t->created_by = me->id;
    /* A "channel" event only when staff recorded the ticket for someone:
    ** for oneself it is always "web". */
    return svc_ticket_open(db, a, who->cfg, t, in->for_other, who->now, out, err);
}

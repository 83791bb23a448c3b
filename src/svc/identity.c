/* Identity rules for the channel intakes and the agents' check (see
** identity.h). The account's identity columns are read-only in the API's
** JSON (FF_READONLY): only these functions write them. */
#include "svc/identity.h"
#include "core/arena.h"
#include "core/idparse.h"
#include "core/timefmt.h"
#include "svc/ticket_svc.h"

#include <stdio.h>
#include <string.h>

enum { QUEUE_MAX = 200, SENT_MAX = 2000, TICKETS_MAX = 100 };

bool identity_staff(const struct principal *p)
{
    /* ACT_USER_READ is the directory right (admins, leaders, the
    ** organisation's agents); leaders read but do not check identities */
    return p && (p->role == ROLE_ADMIN || p->role == ROLE_AGENT) &&
           perm_can(p, ACT_USER_READ, NULL);
}

const char *identity_ask_text(struct arena *a, const char *ticket_number)
{
    return arena_printf(a,
                        "Pesan Anda sudah kami catat sebagai tiket %s. Agar dapat kami layani, "
                        "mohon kirimkan identitas Anda dengan membalas pesan ini dengan format:\n"
                        "IDENTITAS\nNama: <nama lengkap>\nNIP/NIM: <nomor induk>\n"
                        "Email: <alamat email>",
                        ticket_number);
}

static struct value *fv(struct record *r, const char *name)
{
    return &r->v[resource_field(&res_users, name)];
}

static const char *sv(const struct record *r, const char *name)
{
    const struct value *v = &r->v[resource_field(&res_users, name)];
    return v->set && !v->null ? v->s : NULL;
}

int svc_identity_asked(struct db *db, struct arena *a, int64_t uid, const char *channel,
                       struct err *err)
{
    struct record *r = record_new(a, &res_users);
    *fv(r, "identity_channel") = (struct value){.set = true, .s = channel};
    return db_rec_update(db, &res_users, uid, r, err);
}

/* Whether some account other than uid has `field` = value. */
static int taken(struct db *db, struct arena *a, const char *field, const char *value,
                 int64_t uid, bool *out, struct err *err)
{
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 2, .n_filters = 1};
    q.filters[0].field = resource_field(&res_users, field);
    q.filters[0].val = (struct value){.set = true, .s = value};
    struct record **items;
    size_t n;
    int64_t total;
    if (db_rec_list(db, &res_users, &q, a, &items, &n, &total, err) != 0)
        return err->kind;
    *out = false;
    for (size_t i = 0; i < n; i++)
        *out = *out || items[i]->id != uid;
    return 0;
}

/* A NIP as the users table keeps it: 18 digits whose record_validate passes. */
static bool nip_ok(struct arena *a, const char *number)
{
    if (strlen(number) != 18)
        return false;
    struct record *r = record_new(a, &res_users);
    *fv(r, "nip") = (struct value){.set = true, .s = number};
    struct err e = {0};
    record_validate(&res_users, r, false, &e);
    for (size_t i = 0; i < e.n_fields; i++)
        if (!strcmp(e.fields[i].name, "nip"))
            return false;
    return true;
}

int svc_identity_submit(struct db *db, struct arena *a, int64_t uid, const char *text,
                        int64_t now, const char **reply, struct err *err)
{
    *reply = NULL;
    struct record *u;
    if (!uid || !text || db_rec_get(db, &res_users, uid, a, &u, err) != 0)
        return uid && text ? err->kind : 0;
    const char *role = sv(u, "role");
    if (!role || strcmp(role, "requester") != 0 || !sv(u, "identity_channel") ||
        sv(u, "identity_verified_at"))
        return 0;
    struct identity_reply id;
    if (!identity_parse(a, text, &id))
        return 0;
    struct record *r = record_new(a, &res_users);
    char at[32];
    time_fmt_iso(at, sizeof at, (time_t)now);
    size_t n = strlen(text);
    if (n > SENT_MAX) { /* on a UTF-8 character boundary */
        n = SENT_MAX;
        while (n && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    *fv(r, "identity_sent") = (struct value){.set = true, .s = arena_strndup(a, text, n)};
    *fv(r, "identity_sent_at") = (struct value){.set = true, .s = arena_strdup(a, at)};
    if (id.name)
        *fv(r, "name") = (struct value){.set = true, .s = id.name};
    if (id.number) {
        *fv(r, "identity_number") = (struct value){.set = true, .s = id.number};
        bool dup = true;
        if (nip_ok(a, id.number) && !sv(u, "nip") &&
            taken(db, a, "nip", id.number, uid, &dup, err) != 0)
            return err->kind;
        if (!dup)
            *fv(r, "nip") = (struct value){.set = true, .s = id.number};
    }
    const char *email = sv(u, "email");
    if (id.email && email && strstr(email, "@loket.invalid")) { /* a WhatsApp placeholder */
        bool dup = true;
        if (taken(db, a, "email", id.email, uid, &dup, err) != 0)
            return err->kind;
        if (!dup)
            *fv(r, "email") = (struct value){.set = true, .s = id.email};
    }
    struct err bad = {0};
    if (record_validate(&res_users, r, false, &bad) != 0) {
        /* a field the table would refuse (a control character in the
        ** name…): keep the reply as sent for the agent, change nothing else */
        struct record *keep = record_new(a, &res_users);
        *fv(keep, "identity_sent") = *fv(r, "identity_sent");
        *fv(keep, "identity_sent_at") = *fv(r, "identity_sent_at");
        r = keep;
    }
    if (db_rec_update(db, &res_users, uid, r, err) != 0 ||
        db_audit_add(db, uid, "identity_sent", "users", uid,
                     arena_printf(a, "{\"channel\":\"%s\"}", sv(u, "identity_channel")), NULL,
                     err) != 0)
        return err->kind;
    *reply = arena_printf(
        a, "Terima kasih, identitas Anda sudah kami terima%s%s dan akan diperiksa oleh petugas.",
        id.bad_number ? " (NIP/NIM tidak terbaca: mohon kirim angkanya saja)" : "",
        id.bad_email ? " (alamat email tidak terbaca)" : "");
    return 0;
}

static int not_found(struct err *err)
{
    return err_set(err, ERR_NOT_FOUND, "user.not_found", "pengguna tidak ditemukan",
                   "user not found");
}

int svc_identity_verify(struct db *db, const struct actor *who, struct arena *a, int64_t uid,
                        struct record **out, struct err *err)
{
    if (!who->user || !identity_staff(&who->user->p))
        return not_found(err);
    struct record *u;
    if (db_rec_get(db, &res_users, uid, a, &u, err) != 0)
        return err->kind;
    const char *role = sv(u, "role");
    if (!role || strcmp(role, "requester") != 0)
        return not_found(err);
    if (sv(u, "identity_verified_at"))
        return err_set(err, ERR_CONFLICT, "identity.verified",
                       "identitas pemohon ini sudah diverifikasi",
                       "this requester's identity is already verified");
    char at[32];
    time_fmt_iso(at, sizeof at, (time_t)who->now);
    struct record *r = record_new(a, &res_users);
    *fv(r, "identity_verified_at") = (struct value){.set = true, .s = arena_strdup(a, at)};
    *fv(r, "identity_verified_by") = (struct value){.set = true, .i = who->user->p.id};
    if (db_rec_update(db, &res_users, uid, r, err) != 0 ||
        db_audit_add(db, who->user->p.id, "verify_identity", "users", uid,
                     arena_printf(a, "{\"identity_verified_at\":\"%s\"}", at), who->ip,
                     err) != 0)
        return err->kind;
    /* the timeline of each of the requester's tickets says who checked them */
    struct ticket_query q = {.scope = {.kind = SCOPE_ALL, .bookings_all = true},
                             .requester_id = uid, .sla_breached = -1, .page = 1,
                             .per_page = TICKETS_MAX};
    struct ticket **ts;
    size_t n;
    int64_t total;
    bool capped;
    if (db_ticket_list(db, &q, a, &ts, &n, &total, &capped, err) != 0)
        return err->kind;
    const char *body = arena_printf(a, "%s%s%s%s", sv(u, "name") ? sv(u, "name") : "",
                                    sv(u, "identity_number") ? " (" : "",
                                    sv(u, "identity_number") ? sv(u, "identity_number") : "",
                                    sv(u, "identity_number") ? ")" : "");
    for (size_t i = 0; i < n; i++)
        if (svc_ticket_event(db, ts[i], who->now, who->user->p.id, "identity_verified", NULL,
                             NULL, who->user->name, body, false, err) != 0)
            return err->kind;
    return db_rec_get(db, &res_users, uid, a, out, err);
}

int svc_identity_queue(struct db *db, const struct actor *who, struct arena *a,
                       struct record ***items, size_t *n, struct err *err)
{
    if (!who->user || !identity_staff(&who->user->p))
        return not_found(err);
    static const char *const channels[] = {"whatsapp", "email"};
    struct record **all = arena_alloc(a, 2 * QUEUE_MAX * sizeof *all);
    size_t k = 0;
    for (size_t c = 0; c < 2; c++) {
        struct rec_query q = {.sort_field = -1, .page = 1, .per_page = QUEUE_MAX,
                              .n_filters = 3};
        q.filters[0].field = resource_field(&res_users, "identity_channel");
        q.filters[0].val = (struct value){.set = true, .s = channels[c]};
        q.filters[1].field = resource_field(&res_users, "identity_verified_at");
        q.filters[1].val = (struct value){.set = true, .null = true};
        q.filters[2].field = resource_field(&res_users, "role");
        q.filters[2].val = (struct value){.set = true, .s = "requester"};
        struct record **got;
        size_t m;
        int64_t total;
        if (db_rec_list(db, &res_users, &q, a, &got, &m, &total, err) != 0)
            return err->kind;
        if (m) /* got may be NULL when nothing matched */
            memcpy(all + k, got, m * sizeof *got);
        k += m;
    }
    /* newest registration first; ids grow with time */
    for (size_t i = 1; i < k; i++)
        for (size_t j = i; j > 0 && all[j]->id > all[j - 1]->id; j--) {
            struct record *t = all[j];
            all[j] = all[j - 1];
            all[j - 1] = t;
        }
    *items = all;
    *n = k < QUEUE_MAX ? k : QUEUE_MAX;
    return 0;
}

/* Demo data of the partner administration (`loket init --demo`): field
** partners (mitra) in two offices, a one-month and a two-month survey with
** their unit rates, the 2026 monthly ceiling, and assignments written
** through the same rules as the API (svc/partners.c). The demo's tier-2
** agent pic@demo.test becomes partner admin of Diskominfo. */
#include "cli/cli.h"
#include "core/arena.h"
#include "svc/partners.h"

#include <string.h>

static const struct {
    const char *name, *nik, *address, *phone, *bank, *account, *unit;
} partners[] = {
    {"Budi Santoso", "3273011505900001", "Jl. Merdeka No. 10, Bandung", "081311110001",
     "BRI", "002101000123456", "Diskominfo"},
    {"Siti Aminah", "3273015708920002", "Jl. Cihampelas No. 5, Bandung", "081311110002",
     "BNI", "0123456789", "Diskominfo"},
    {"Rudi Hartono", "3273012003880003", "Jl. Dago No. 77, Bandung", "081311110003",
     "Mandiri", "1300012345678", "Diskominfo"},
    {"Dewi Lestari", "3273054101950004", "Jl. Pasteur No. 2, Bandung", "081311110004",
     "BRI", "002101000654321", "Dinas Kesehatan"},
    {"Agus Salim", "3273051211870005", "Jl. Setiabudi No. 9, Bandung", "081311110005",
     "BJB", "0011223344", "Dinas Kesehatan"},
};

static const struct {
    const char *code, *name, *start, *end;
    int64_t budget;
    struct activity_rate rates[3];
} activities[] = {
    /* the seed's contract: 262 documents × Rp 4.000 = Rp 1.048.000 */
    {"SSN-2026-03", "Survei Sosial Ekonomi Nasional Maret 2026", "2026-03-01", "2026-03-31",
     50000000, {{"dokumen", 4000}, {"responden", 15000}, {NULL, 0}}},
    {"SAK-2026-02", "Survei Angkatan Kerja Nasional Februari 2026", "2026-02-15", "2026-03-15",
     30000000, {{"responden", 25000}, {"hari", 150000}, {NULL, 0}}},
};

#define PPL "Petugas Pendataan Lapangan"
#define PML "Petugas Pemeriksa Lapangan"

static const struct {
    int partner, activity;
    const char *output, *month;
    int64_t volume;
    const char *role, *area;
} assignments[] = {
    {0, 0, "dokumen", NULL, 262, PPL, "Kecamatan Coblong"},          /* Rp 1.048.000 */
    {0, 1, "responden", "2026-03", 40, PPL, "Kecamatan Coblong"},    /* Rp 1.000.000 */
    {1, 0, "dokumen", NULL, 300, PPL, "Kecamatan Sukajadi"},         /* Rp 1.200.000 */
    {2, 1, "hari", "2026-02", 10, PML, "Kecamatan Coblong"},         /* Rp 1.500.000 */
    {3, 1, "responden", "2026-02", 60, PPL, "Kecamatan Sukasari"},   /* Rp 1.500.000 */
    {4, 0, "responden", NULL, 100, PPL, "Kecamatan Cidadap"},        /* Rp 1.500.000 */
};
/* Budi's March: Rp 1.048.000 + Rp 1.000.000 = Rp 2.048.000 under Rp 3.200.000 */

static void set(struct record *r, const struct resource *res, const char *name, const char *s)
{
    if (s)
        r->v[resource_field(res, name)] = (struct value){.set = true, .s = s};
}

static void set_i(struct record *r, const struct resource *res, const char *name, int64_t i)
{
    r->v[resource_field(res, name)] = (struct value){.set = true, .i = i};
}

static int64_t unit_id(struct record **units, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(units[i]->v[resource_field(&res_units, "name")].s, name))
            return units[i]->id;
    return 0;
}

int demo_partners(struct db *db, struct arena *a, struct err *err)
{
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 200};
    struct record **units;
    size_t n_units;
    int64_t total;
    if (db_rec_list(db, &res_units, &q, a, &units, &n_units, &total, err) != 0)
        return err->kind;
    int64_t pid[sizeof partners / sizeof partners[0]];
    for (size_t i = 0; i < sizeof partners / sizeof partners[0]; i++) {
        struct record *r = record_new(a, &res_partners);
        set(r, &res_partners, "name", partners[i].name);
        set(r, &res_partners, "nik", partners[i].nik);
        set(r, &res_partners, "address", partners[i].address);
        set(r, &res_partners, "phone", partners[i].phone);
        set(r, &res_partners, "bank_name", partners[i].bank);
        set(r, &res_partners, "bank_account", partners[i].account);
        set_i(r, &res_partners, "unit_id", unit_id(units, n_units, partners[i].unit));
        record_apply_defaults(&res_partners, r);
        if (record_validate(&res_partners, r, true, err) != 0 ||
            res_partners.rules(r, NULL, err) != 0 ||
            db_rec_create(db, &res_partners, r, err) != 0)
            return err->kind;
        pid[i] = r->id;
    }
    int64_t aid[sizeof activities / sizeof activities[0]];
    for (size_t i = 0; i < sizeof activities / sizeof activities[0]; i++) {
        struct record *r = record_new(a, &res_activities);
        set(r, &res_activities, "code", activities[i].code);
        set(r, &res_activities, "name", activities[i].name);
        set(r, &res_activities, "start_date", activities[i].start);
        set(r, &res_activities, "end_date", activities[i].end);
        set_i(r, &res_activities, "budget", activities[i].budget);
        size_t n_rates = 0;
        while (activities[i].rates[n_rates].output)
            n_rates++;
        if (record_validate(&res_activities, r, true, err) != 0 ||
            db_rec_create(db, &res_activities, r, err) != 0 ||
            ptn_rates_set(db, r->id, activities[i].rates, n_rates, err) != 0)
            return err->kind;
        aid[i] = r->id;
    }
    if (ptn_ceiling_set(db, 2026, 3200000, err) != 0)
        return err->kind;
    /* written by the demo admin, through the money rules */
    struct user_auth admin;
    if (db_user_by_login(db, "admin@demo.test", a, &admin, err) != 0)
        return err->kind;
    for (size_t i = 0; i < sizeof assignments / sizeof assignments[0]; i++) {
        struct assignment x = {.partner_id = pid[assignments[i].partner],
                               .activity_id = aid[assignments[i].activity],
                               .output = assignments[i].output,
                               .volume = assignments[i].volume,
                               .role = assignments[i].role,
                               .area = assignments[i].area};
        struct asg_over over;
        if (svc_assignment_write(db, a, &admin.p, &x, assignments[i].month, &over, err) != 0)
            return err->kind;
    }
    /* Budi's March contract is signed; the rest is still missing */
    if (ptn_contract_set(db, pid[0], "2026-03", 1, -1, -1, -1, err) != 0)
        return err->kind;
    struct user_auth pic;
    if (db_user_by_login(db, "pic@demo.test", a, &pic, err) != 0)
        return err->kind;
    struct record *u = record_new(a, &res_users);
    set_i(u, &res_users, "partner_admin", 1);
    return db_rec_update(db, &res_users, pic.p.id, u, err);
}

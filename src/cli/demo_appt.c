/* Demo appointments for `loket init --demo` (issue 16): the employees'
** clinic of seed 003 as one appointment service per poli (Poli Umum, Poli
** Gigi, Poli Kebidanan) with the clinic's registration form, and the
** virtual service booth of seed 004 ("Konsultasi Virtual Layanan TIK",
** scheduled by staff, with a meeting link per booking). Both open on the
** demo's working calendar (Kalender Kerja Pemda: Monday to Friday,
** 08:00-16:00 WIB, the 2026 national holidays closed).
** Staff: agent@demo.test (the clinic's front desk) serves the three polis;
** pic@demo.test (Diskominfo's PIC) serves the virtual booth. */
#include "cli/cli.h"
#include "core/arena.h"
#include "store/bookings.h"

#include <string.h>

/* The id of the row of res whose `field` is exactly value; 0 if none. */
static int64_t find(struct db *db, struct arena *a, const struct resource *res,
                    const char *field, const char *value, struct err *err)
{
    struct rec_query q = {.q = value, .sort_field = -1, .page = 1, .per_page = 50};
    struct record **items;
    size_t n;
    int64_t total;
    if (db_rec_list(db, res, &q, a, &items, &n, &total, err) != 0)
        return 0;
    int f = resource_field(res, field);
    for (size_t i = 0; i < n; i++)
        if (items[i]->v[f].s && !strcmp(items[i]->v[f].s, value))
            return items[i]->id;
    return 0;
}

static const char CLINIC_FORM[] =
    "[{\"key\":\"nama\",\"label\":\"Nama\",\"type\":\"text\",\"required\":true,\"sensitive\":false},"
    "{\"key\":\"nip\",\"label\":\"NIP\",\"type\":\"text\",\"required\":false,\"sensitive\":false},"
    "{\"key\":\"nik\",\"label\":\"NIK\",\"type\":\"text\",\"required\":true,\"sensitive\":true},"
    "{\"key\":\"usia\",\"label\":\"Usia\",\"type\":\"number\",\"required\":true,\"sensitive\":false},"
    "{\"key\":\"tanggal_lahir\",\"label\":\"Tanggal lahir\",\"type\":\"date\",\"required\":true,"
    "\"sensitive\":true},"
    "{\"key\":\"keluhan\",\"label\":\"Keluhan\",\"type\":\"text\",\"required\":true,"
    "\"sensitive\":true}]";

static const char BOOTH_FORM[] =
    "[{\"key\":\"topik\",\"label\":\"Topik konsultasi\",\"type\":\"text\",\"required\":true,"
    "\"sensitive\":false},"
    "{\"key\":\"instansi\",\"label\":\"Instansi\",\"type\":\"text\",\"required\":false,"
    "\"sensitive\":false},"
    "{\"key\":\"media\",\"label\":\"Media pertemuan\",\"type\":\"select\",\"required\":true,"
    "\"sensitive\":false,\"options\":[\"Video\",\"Suara saja\"]}]";

static const struct {
    const char *name, *description, *mode, *form;
    int slot_minutes, capacity, quota;
    const char *meeting, *staff;
    bool create;
} services[] = {
    {"Klinik Pratama - Poli Umum",
     "Pemeriksaan umum di klinik pegawai: lihat sisa kuota, ambil nomor antrean dan perkiraan "
     "jam periksa.",
     "self_booking", CLINIC_FORM, 30, 2, 20, NULL, "agent@demo.test", true},
    {"Klinik Pratama - Poli Gigi",
     "Pemeriksaan dan perawatan gigi di klinik pegawai: lihat sisa kuota dan nomor antrean.",
     "self_booking", CLINIC_FORM, 30, 1, 10, NULL, "agent@demo.test", true},
    {"Klinik Pratama - Poli Kebidanan",
     "Pemeriksaan kehamilan dan kesehatan ibu di klinik pegawai: lihat sisa kuota dan nomor "
     "antrean.",
     "self_booking", CLINIC_FORM, 30, 1, 8, NULL, "agent@demo.test", true},
    /* already in the catalogue (demo.c): given its schedule here */
    {"Konsultasi Virtual Layanan TIK", NULL, "staff_scheduled", BOOTH_FORM, 60, 1, 0,
     "https://meet.jit.si/loket-demo-", "pic@demo.test", false},
};

int demo_appt_load(struct db *db, struct arena *a, struct err *err)
{
    int64_t cal = find(db, a, &res_calendars, "name", "Kalender Kerja Pemda", err);
    int64_t cat = find(db, a, &res_categories, "name", "Konsultasi", err);
    int64_t unit = find(db, a, &res_units, "name", "Dinas Kesehatan", err);
    if (!cal || !cat || !unit)
        return err_set(err, ERR_INTERNAL, "demo", "data demo janji temu tidak lengkap",
                       "demo appointment data incomplete");
    for (size_t i = 0; i < sizeof services / sizeof services[0]; i++) {
        int64_t id;
        if (services[i].create) {
            struct record *r = record_new(a, &res_services);
            r->v[resource_field(&res_services, "name")] =
                (struct value){.set = true, .s = services[i].name};
            r->v[resource_field(&res_services, "kind")] =
                (struct value){.set = true, .s = "appointment"};
            r->v[resource_field(&res_services, "category_id")] =
                (struct value){.set = true, .i = cat};
            r->v[resource_field(&res_services, "unit_id")] =
                (struct value){.set = true, .i = unit};
            r->v[resource_field(&res_services, "helpdesk_phone")] =
                (struct value){.set = true, .s = "+62 752 21500"};
            r->v[resource_field(&res_services, "description")] =
                (struct value){.set = true, .s = services[i].description};
            record_apply_defaults(&res_services, r);
            if (record_validate(&res_services, r, true, err) != 0 ||
                db_rec_create(db, &res_services, r, err) != 0)
                return err->kind;
            id = r->id;
        } else if (!(id = find(db, a, &res_services, "name", services[i].name, err))) {
            return err_set(err, ERR_INTERNAL, "demo", "layanan demo %s tidak ada",
                           "demo service %s missing", services[i].name);
        }
        int64_t staff = find(db, a, &res_users, "email", services[i].staff, err);
        struct schedule s = {.service_id = id, .mode = services[i].mode,
                             .slot_minutes = services[i].slot_minutes,
                             .capacity_per_slot = services[i].capacity,
                             .daily_quota = services[i].quota,
                             .meeting_url_base = services[i].meeting, .calendar_id = cal,
                             .form_fields = services[i].form, .staff_ids = &staff,
                             .n_staff = staff ? 1 : 0};
        if (bk_schedule_put(db, &s, err) != 0)
            return err->kind;
    }
    return 0;
}

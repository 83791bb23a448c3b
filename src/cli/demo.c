/* Demo data for `loket init --demo`: a small Indonesian local government
** (units, services of all three kinds, SLA policies, the 2026 national
** holidays) and exactly the demo accounts of API.md. Rows are written
** through the store's generic record API, so any driver loads them. */
#include "auth/crypto.h"
#include "cli/cli.h"
#include "core/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char DEMO_PASSWORD[] = "loket-demo";

/* "field=value|field=value"; a value "@Name" refers to an earlier row of the
** field's referenced resource by its first field (name, code or title). */
static const struct {
    const struct resource *res;
    const char *row;
} rows[] = {
    {&res_units, "name=Sekretariat Daerah|code=SETDA|description=Sekretariat Daerah Kabupaten"},
    {&res_units, "name=Diskominfo|code=DISKOMINFO|parent_id=@Sekretariat Daerah|description=Dinas Komunikasi dan Informatika"},
    {&res_units, "name=Dinas Kesehatan|code=DINKES|parent_id=@Sekretariat Daerah"},
    {&res_units, "name=Dinas Pendidikan|code=DISDIK|parent_id=@Sekretariat Daerah"},
    {&res_units, "name=Bappeda|code=BAPPEDA|parent_id=@Sekretariat Daerah|description=Badan Perencanaan Pembangunan Daerah"},
    {&res_units, "name=BKPSDM|code=BKPSDM|parent_id=@Sekretariat Daerah|description=Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"},
    {&res_units, "name=Dinas Kependudukan dan Pencatatan Sipil|code=DISDUKCAPIL|parent_id=@Sekretariat Daerah"},
    {&res_units, "name=RSUD Kota|code=RSUD|parent_id=@Dinas Kesehatan|description=Rumah Sakit Umum Daerah"},
    {&res_units, "name=Puskesmas Mandiangin|code=PKM-MDG|parent_id=@Dinas Kesehatan"},

    {&res_vendors, "name=PT Mitra Jaringan|contact_name=Rudi Hartono|email=support@mitrajaringan.co.id|phone=+62 21 5550 1234"},
    {&res_vendors, "name=CV Solusi Data Nusantara|contact_name=Sri Wahyuni|email=layanan@solusidata.co.id|phone=+62 751 555 210"},

    {&res_categories, "name=Jaringan dan Internet|description=Koneksi internet, Wi-Fi, VPN"},
    {&res_categories, "name=Aplikasi|description=Aplikasi pemerintahan dan sistem informasi"},
    {&res_categories, "name=Perangkat Keras|description=Komputer, printer, perangkat jaringan"},
    {&res_categories, "name=Email dan Akun|description=Akun email dinas dan akun aplikasi"},
    {&res_categories, "name=Data dan Statistik|description=Permintaan data sektoral"},
    {&res_categories, "name=Konsultasi|description=Konsultasi dan pendampingan"},

    {&res_calendars, "name=Kalender Kerja Pemda|timezone=Asia/Jakarta|work_days=1,2,3,4,5|work_start=08:00|work_end=16:00"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-01-01|name=Tahun Baru 2026 Masehi"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-01-16|name=Isra Mikraj Nabi Muhammad SAW"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-02-17|name=Tahun Baru Imlek 2577 Kongzili"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-03-19|name=Hari Suci Nyepi Tahun Baru Saka 1948"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-03-20|name=Idulfitri 1447 Hijriah"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-03-21|name=Idulfitri 1447 Hijriah (hari kedua)"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-04-03|name=Wafat Yesus Kristus"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-04-05|name=Kebangkitan Yesus Kristus (Paskah)"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-05-01|name=Hari Buruh Internasional"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-05-14|name=Kenaikan Yesus Kristus"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-05-27|name=Iduladha 1447 Hijriah"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-05-31|name=Hari Raya Waisak 2570 BE"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-06-01|name=Hari Lahir Pancasila"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-06-16|name=Tahun Baru Islam 1448 Hijriah"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-08-17|name=Hari Kemerdekaan Republik Indonesia"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-08-25|name=Maulid Nabi Muhammad SAW"},
    {&res_holidays, "calendar_id=@Kalender Kerja Pemda|date=2026-12-25|name=Hari Raya Natal"},

    {&res_sla_policies, "name=Standar 24 Jam|first_response_minutes=120|resolution_minutes=1440|warn_before_minutes=120|calendar_id=@Kalender Kerja Pemda"},
    {&res_sla_policies, "name=Prioritas Tinggi|first_response_minutes=30|resolution_minutes=480|warn_before_minutes=60|calendar_id=@Kalender Kerja Pemda"},
    {&res_sla_policies, "name=Kritis|first_response_minutes=15|resolution_minutes=240|warn_before_minutes=30|calendar_id=@Kalender Kerja Pemda"},
    {&res_sla_policies, "name=Rendah|first_response_minutes=480|resolution_minutes=2880|warn_before_minutes=240|calendar_id=@Kalender Kerja Pemda"},

    {&res_priorities, "code=low|name=Rendah|rank=1|sla_policy_id=@Rendah"},
    {&res_priorities, "code=normal|name=Sedang|rank=2|sla_policy_id=@Standar 24 Jam"},
    {&res_priorities, "code=high|name=Tinggi|rank=3|sla_policy_id=@Prioritas Tinggi"},
    {&res_priorities, "code=urgent|name=Mendesak|rank=4|sla_policy_id=@Kritis"},

    {&res_services, "name=Gangguan Jaringan Internet|kind=ticket|category_id=@Jaringan dan Internet|unit_id=@Diskominfo|priority_id=@normal|sla_policy_id=@Standar 24 Jam|helpdesk_phone=+62 752 21000|description=Laporkan internet kantor yang mati, lambat, atau Wi-Fi yang tidak dapat tersambung."},
    {&res_services, "name=Permintaan Akun Email Dinas|kind=ticket|category_id=@Email dan Akun|unit_id=@Diskominfo|priority_id=@low|sla_policy_id=@Rendah|helpdesk_phone=+62 752 21000|description=Pembuatan, reset kata sandi, atau penonaktifan akun email @pemda.go.id."},
    {&res_services, "name=Kerusakan Perangkat Komputer|kind=ticket|category_id=@Perangkat Keras|unit_id=@Diskominfo|priority_id=@normal|sla_policy_id=@Standar 24 Jam|helpdesk_phone=+62 752 21001|description=Komputer, laptop, atau printer dinas yang rusak atau tidak dapat digunakan."},
    {&res_services, "name=Gangguan Aplikasi SIMPEG|kind=ticket|category_id=@Aplikasi|unit_id=@BKPSDM|priority_id=@high|sla_policy_id=@Prioritas Tinggi|helpdesk_phone=+62 752 21002|description=Kesalahan atau gangguan pada Sistem Informasi Manajemen Kepegawaian."},
    {&res_services, "name=Permintaan Data Statistik Sektoral|kind=ticket|category_id=@Data dan Statistik|unit_id=@Bappeda|priority_id=@low|sla_policy_id=@Rendah|description=Permintaan data statistik sektoral untuk perencanaan dan pelaporan."},
    {&res_services, "name=Pengajuan Cuti Pegawai|kind=redirect|category_id=@Aplikasi|unit_id=@BKPSDM|external_url=https://simpeg.pemda.example.go.id/cuti|helpdesk_phone=+62 752 21002|description=Pengajuan cuti dilayani aplikasi SIMPEG; Anda akan diarahkan ke sana."},
    {&res_services, "name=Tanda Tangan Elektronik (TTE)|kind=redirect|category_id=@Aplikasi|unit_id=@Diskominfo|external_url=https://tte.pemda.example.go.id|description=Pendaftaran dan pemulihan sertifikat tanda tangan elektronik."},
    {&res_services, "name=Konsultasi Virtual Layanan TIK|kind=appointment|category_id=@Konsultasi|unit_id=@Diskominfo|priority_id=@normal|sla_policy_id=@Standar 24 Jam|helpdesk_phone=+62 752 21000|description=Jadwalkan konsultasi daring dengan tim TIK Diskominfo."},
    /* the employees' clinic: one appointment service per poli, in demo_appt.c */
    /* where "Laporkan masalah aplikasi" files its reports (app_problem_service_id) */
    {&res_services, "name=Masalah Aplikasi Loket|kind=ticket|category_id=@Aplikasi|unit_id=@Diskominfo|priority_id=@normal|sla_policy_id=@Standar 24 Jam|description=Laporan kendala teknis pada aplikasi helpdesk ini: halaman yang salah, tombol yang tidak berfungsi, pesan kesalahan."},

    {&res_tags, "name=jaringan|color=#1d4ed8"},
    {&res_tags, "name=akun|color=#047857"},
    {&res_tags, "name=perangkat|color=#b45309"},
    {&res_tags, "name=pimpinan|color=#b91c1c"},
    {&res_tags, "name=berulang|color=#6d28d9"},

    {&res_canned_responses, "title=Salam pembuka|body=Yth. Bapak/Ibu {{requester_name}}, terima kasih telah menghubungi Helpdesk. Tiket {{ticket_number}} sedang kami tangani."},
    {&res_canned_responses, "title=Mohon informasi tambahan|body=Mohon kirimkan tangkapan layar pesan kesalahan dan waktu kejadian agar kami dapat menelusuri masalahnya."},
    {&res_canned_responses, "title=Gangguan sudah pulih|category_id=@Jaringan dan Internet|body=Gangguan jaringan telah pulih. Silakan dicoba kembali; jika masih bermasalah, balas tiket ini."},

    {&res_users, "name=Administrator Helpdesk|email=admin@demo.test|nip=198001012005011001|role=admin|unit_id=@Diskominfo|phone=081200000001"},
    {&res_users, "name=Drs. Hendra Gunawan, M.Si.|email=leader@demo.test|nip=197205121998031002|role=leader|unit_id=@Sekretariat Daerah|phone=081200000002"},
    {&res_users, "name=Siti Rahmawati|email=agent@demo.test|nip=199003152015032003|role=agent|tier=1|unit_id=@Diskominfo|phone=081200000003"},
    {&res_users, "name=Andi Saputra|email=pic@demo.test|nip=198807202012121004|role=agent|tier=2|unit_id=@Diskominfo|phone=081200000004"},
    {&res_users, "name=Bambang Prasetyo|email=vendor@demo.test|role=agent|tier=3|vendor_id=@PT Mitra Jaringan|phone=081200000005"},
    {&res_users, "name=dr. Maya Lestari|email=requester@demo.test|nip=198511032010012005|role=requester|unit_id=@Dinas Kesehatan|phone=081200000006"},
    {&res_users, "name=Rahmat Hidayat, S.Pd.|email=requester2@demo.test|nip=198902142014021006|role=requester|unit_id=@Dinas Pendidikan|phone=081200000007"},
    /* issue #21 item 4 (seed 002): two strangers a channel registered, still
    ** to be verified: one answered the WhatsApp question, one has not yet */
    {&res_users, "name=Dewi Anggraini|email=dewi.anggraini@mhs.demo.test|role=requester|phone=+6281300000011|identity_channel=whatsapp|identity_number=13520011|identity_sent=IDENTITAS\nNama: Dewi Anggraini\nNIP/NIM: 13520011\nEmail: dewi.anggraini@mhs.demo.test|identity_sent_at=2026-12-01T02:15:00Z"},
    {&res_users, "name=Budi Hartono|email=budi.hartono@mail.demo.test|role=requester|identity_channel=email"},
};

struct named {
    const char *resource, *name;
    int64_t id;
};

static int64_t lookup(const struct named *seen, size_t n, const char *resource, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(seen[i].resource, resource) && !strcmp(seen[i].name, name))
            return seen[i].id;
    return 0;
}

static int load_row(struct db *db, struct arena *a, const struct resource *res, const char *row,
                    struct named *seen, size_t n_seen, struct record **out, struct err *err)
{
    struct record *r = record_new(a, res);
    char *copy = arena_strdup(a, row), *save = NULL;
    for (char *kv = strtok_r(copy, "|", &save); kv; kv = strtok_r(NULL, "|", &save)) {
        char *eq = strchr(kv, '=');
        *eq = 0;
        int idx = resource_field(res, kv);
        if (idx < 0)
            return err_set(err, ERR_INTERNAL, "demo", "kolom demo %s", "demo field %s", kv);
        const struct field *f = &res->fields[idx];
        struct value *v = &r->v[idx];
        v->set = true;
        if (eq[1] == '@') {
            const struct resource *target = resource_find(f->ref);
            v->i = target ? lookup(seen, n_seen, target->name, eq + 2) : 0;
            if (!v->i)
                return err_set(err, ERR_INTERNAL, "demo", "rujukan demo %s", "demo ref %s",
                               eq + 1);
        } else if (f->type == FT_INT || f->type == FT_BOOL || f->type == FT_REF) {
            v->i = strtoll(eq + 1, NULL, 10);
        } else {
            v->s = eq + 1;
        }
    }
    record_apply_defaults(res, r);
    if (res == &res_users) {
        char hash[PASSWORD_HASH_MAX];
        if (password_hash(DEMO_PASSWORD, hash) != 0)
            return err_set(err, ERR_INTERNAL, "demo", "hash", "hash");
        r->v[resource_field(res, "password_hash")] =
            (struct value){.set = true, .s = arena_strdup(a, hash)};
    }
    if (record_validate(res, r, true, err) != 0 || db_rec_create(db, res, r, err) != 0)
        return err->kind;
    *out = r;
    return 0;
}

/* issue #21 item 6: the network service has a named PIC (pic@demo.test,
** tier 2 of Diskominfo, its handling unit), told alone of escalations. */
static int demo_service_pic(struct db *db, struct arena *a, const struct named *seen, size_t n,
                            struct err *err)
{
    struct record *r = record_new(a, &res_services);
    r->v[resource_field(&res_services, "pic_user_id")] =
        (struct value){.set = true, .i = lookup(seen, n, "users", "Andi Saputra")};
    return db_rec_update(db, &res_services,
                         lookup(seen, n, "services", "Gangguan Jaringan Internet"), r, err);
}

int demo_load(struct db *db, bool desk, struct err *err)
{
    struct arena *a = arena_new();
    const char *done = NULL;
    int rc = db_setting_get(db, "demo_loaded", a, &done, err);
    if (rc == 0) {
        arena_free(a);
        return 1;
    }
    err_clear(err);
    size_t n = sizeof rows / sizeof rows[0];
    struct named *seen = arena_alloc(a, n * sizeof *seen);
    if ((rc = db_begin(db, err)) != 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        struct record *r = NULL;
        if ((rc = load_row(db, a, rows[i].res, rows[i].row, seen, i, &r, err)) != 0) {
            char msg[256];
            snprintf(msg, sizeof msg, "%s", err->msg[LOC_EN]);
            err_set(err, rc, "demo", "baris demo %zu (%s): %s", "demo row %zu (%s): %s", i,
                    rows[i].res->name, msg);
            db_rollback(db);
            goto out;
        }
        seen[i].resource = rows[i].res->name;
        seen[i].name = r->v[0].s ? r->v[0].s : "";
        seen[i].id = r->id;
        /* Priorities are referred to by code, holidays by nothing: both fine. */
    }
    /* The demo's service for application problem reports, unless loket.conf names one. */
    const char *app_svc = arena_printf(a, "%lld", (long long)lookup(seen, n, "services",
                                                                    "Masalah Aplikasi Loket"));
    if ((rc = demo_service_pic(db, a, seen, n, err)) != 0 ||
        (rc = demo_appt_load(db, a, err)) != 0 || (rc = demo_partners(db, a, err)) != 0 ||
        (rc = demo_letters(db, a, err)) != 0 ||
        (rc = demo_automation(db, a, err)) != 0 || /* issue #22 item 1 */
        (rc = demo_intake(db, a, err)) != 0 ||     /* issue #20 item 12 */
        (desk && (rc = demo_desk(db, a, err)) != 0) || /* issue #20 point 11 */
        (rc = demo_macros_load(db, a, err)) != 0 || /* issue #20 agent tools */
        (rc = db_setting_set(db, "app_problem_service_id", app_svc, err)) != 0 ||
        (rc = db_setting_set(db, "demo_loaded", "1", err)) != 0 ||
        (rc = db_commit(db, err)) != 0)
        db_rollback(db);
out:
    arena_free(a);
    return rc;
}

/* The demo's living desk (issue #20 point 11, `loket init --demo`): FAQ
** articles in Indonesian for the services of the catalogue (so the new-ticket
** form suggests them), one FAQ proposal waiting for review, requesters in
** every unit, and about three months of tickets on every channel.
**
** Every ticket is worked through the ticket service itself (svc/ticket_svc.h)
** with the actor's clock set back: filed, taken, answered, escalated, put on
** hold, resolved, rated or closed by the system after auto_close_days, as the
** desk would have done it on those working days (08:00-16:00 WIB, the demo's
** calendar). So the timeline, SLA due times, report counts and search index
** are what the real rules write; a breach the sweeper would have flagged is
** flagged at its due time. The choices come from a fixed seed; the dates are
** counted back from today, so the dashboard's recent range is never empty.
** The mail those changes queued is marked sent (it is history).
**
** Inside demo_load's transaction. The test suites load the demo without it
** (`loket init --demo-base`) unless a test asks for it, because many count
** tickets from an empty desk. */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/bizcal.h"
#include "core/config.h"
#include "core/markdown.h"
#include "svc/svc.h"
#include "svc/ticket_svc.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- what the desk is made of ------------------------------------------- */

static const struct {
    const char *category, *question, *answer;
} articles[] = {
    {"Jaringan dan Internet", "Wi-Fi kantor tidak bisa tersambung (wifi putus atau tidak muncul)",
     "Sebelum melapor, coba langkah berikut:\n\n"
     "1. Pastikan mode pesawat mati dan Wi-Fi (wifi) laptop menyala.\n"
     "2. Pilih jaringan **PEMDA-STAFF**, lalu *Lupakan jaringan* (Forget) dan sambungkan "
     "lagi dengan akun email dinas Anda.\n"
     "3. Matikan lalu nyalakan kembali laptop atau ponsel.\n"
     "4. Coba di ruangan lain: bila di sana tersambung, titik akses di ruangan Anda mungkin "
     "mati.\n\n"
     "Bila masih gagal, buat tiket layanan **Gangguan Jaringan Internet** dan sebutkan "
     "gedung, lantai, dan ruangan."},
    {"Jaringan dan Internet", "Internet kantor lambat atau sering putus",
     "Kecepatan internet dibagi untuk seluruh gedung. Tutup unduhan besar dan video yang "
     "tidak perlu, lalu uji kecepatan di https://speedtest.net. Bila hasilnya di bawah 5 "
     "Mbps atau koneksi putus berulang kali dalam sehari, buat tiket **Gangguan Jaringan "
     "Internet** dan lampirkan tangkapan layar hasil uji beserta jamnya."},
    {"Jaringan dan Internet", "Cara menyambung VPN kantor dari rumah",
     "VPN dipakai untuk membuka aplikasi internal (SIMPEG, e-Office) dari luar kantor.\n\n"
     "1. Pasang aplikasi **FortiClient VPN** dari situs resmi.\n"
     "2. Isi alamat server `vpn.pemda.example.go.id`, port 443.\n"
     "3. Masuk dengan akun email dinas dan kata sandinya.\n\n"
     "Pesan *credential or permission denied* berarti akun Anda belum didaftarkan untuk VPN: "
     "buat tiket **Gangguan Jaringan Internet** dengan judul \"Pendaftaran VPN\"."},
    {"Email dan Akun", "Lupa kata sandi email dinas: cara reset password",
     "Kata sandi email @pemda.go.id dapat direset sendiri:\n\n"
     "1. Buka halaman masuk email dan pilih **Lupa kata sandi**.\n"
     "2. Masukkan alamat email dinas; kode dikirim ke nomor ponsel yang terdaftar.\n"
     "3. Buat kata sandi baru minimal 12 karakter.\n\n"
     "Bila nomor ponsel Anda sudah berganti, ajukan **Permintaan Akun Email Dinas** dan "
     "lampirkan foto kartu pegawai. Petugas tidak pernah menanyakan kata sandi Anda."},
    {"Perangkat Keras", "Printer tidak bisa mencetak atau kertas macet",
     "Periksa dahulu:\n\n"
     "- Printer menyala, tidak ada lampu oranye berkedip, dan kabel USB atau jaringan "
     "terpasang.\n"
     "- Antrean cetak di Windows (*Pengaturan > Printer*) tidak tersangkut: hapus semua "
     "dokumen lalu cetak ulang.\n"
     "- Kertas macet: matikan printer, buka penutup belakang, tarik kertas perlahan searah "
     "jalannya.\n\n"
     "Bila printer tetap tidak mencetak, buat tiket **Kerusakan Perangkat Komputer** dan "
     "sebutkan merek, tipe, serta nomor inventaris printer."},
    {"Aplikasi", "Tidak bisa masuk aplikasi SIMPEG",
     "Gunakan NIP sebagai nama pengguna. Bila muncul *NIP atau kata sandi salah*, pilih "
     "**Lupa kata sandi** di halaman masuk SIMPEG. Akun terkunci 30 menit setelah lima kali "
     "gagal. Dari luar kantor SIMPEG hanya bisa dibuka lewat VPN. Bila data kepegawaian "
     "(pangkat, jabatan) tidak sesuai, buat tiket **Gangguan Aplikasi SIMPEG**."},
    {"Data dan Statistik", "Cara meminta data statistik sektoral",
     "Ajukan **Permintaan Data Statistik Sektoral** dengan menyebutkan jenis data, tahun, "
     "wilayah (kecamatan atau kelurahan), dan keperluannya. Data yang sudah terbit dikirim "
     "dalam format Excel paling lambat dua hari kerja."},
};

/* One FAQ proposal of a requester, still pending: the reviewer edits the
** rough text before publishing it (web/js/pages/faq_proposals.js). */
static const char PROPOSAL_Q[] = "bagaimana ganti foto profil di simpeg?";
static const char PROPOSAL_A[] = "menu profil lalu upload foto, max 2mb";

/* Requesters of the units the base demo has nobody in; the same password. */
static const struct {
    const char *name, *email, *nip, *unit, *phone;
} people[] = {
    {"Yuliana Putri, S.E.", "yuliana@demo.test", "199107222019032007", "Sekretariat Daerah",
     "081200000021"},
    {"Fajar Nugroho, S.Kom.", "fajar@demo.test", "199304112020121008", "Diskominfo",
     "081200000022"},
    {"Ir. Suryani Harahap", "suryani@demo.test", "197811302003122009", "Bappeda",
     "081200000023"},
    {"Teguh Wibowo, S.H.", "teguh@demo.test", "198606182011011010", "BKPSDM", "081200000024"},
    {"Nurhayati", "nurhayati@demo.test", "198209092009042011",
     "Dinas Kependudukan dan Pencatatan Sipil", "081200000025"},
    {"Ns. Rina Marlina, S.Kep.", "rina@demo.test", "199012012015032012", "RSUD Kota",
     "081200000026"},
    {"Agus Setiawan, A.Md.Kes.", "agus.setiawan@demo.test", "199402252019021013",
     "Puskesmas Mandiangin", "081200000027"},
};
/* the base demo's requesters (and the leader, who files as anyone does) */
static const char *const base_people[] = {"requester@demo.test", "requester2@demo.test",
                                          "leader@demo.test"};
enum { N_PEOPLE = sizeof people / sizeof people[0] + 3 };

/* What people ask for, per service: titles, descriptions, the agent's first
** answer and the summary it is resolved with. escalate: where tier 1 passes
** it (0 none, 2 the service's unit PIC, 3 on to the vendor). */
struct topic {
    const char *service, *title, *description, *reply, *summary;
    int escalate;
};

static const struct topic topics[] = {
    {"Gangguan Jaringan Internet", "Wi-Fi ruang rapat lantai 2 tidak bisa tersambung",
     "Sejak pagi laptop peserta rapat tidak bisa tersambung ke Wi-Fi PEMDA-STAFF, muncul "
     "pesan \"Tidak dapat terhubung ke jaringan ini\".",
     "Terima kasih, kami cek titik akses di ruang rapat lantai 2.",
     "Titik akses ruang rapat lantai 2 macet; sudah dinyalakan ulang dan diperbarui "
     "firmware-nya.", 2},
    {"Gangguan Jaringan Internet", "Internet di ruang pelayanan mati total",
     "Semua komputer di ruang pelayanan tidak bisa membuka situs apa pun sejak pukul 09.00. "
     "Antrean warga menumpuk.",
     "Kami sudah menerima laporan ini dan menghubungi penyedia jaringan.",
     "Kabel serat optik ke gedung terputus karena galian; sudah disambung oleh PT Mitra "
     "Jaringan.", 3},
    {"Gangguan Jaringan Internet", "Wifi lambat sekali di lantai 3",
     "Membuka email saja butuh lebih dari satu menit. Uji kecepatan menunjukkan 0,8 Mbps.",
     "Mohon kirimkan tangkapan layar hasil uji kecepatan beserta jamnya.",
     "Kanal Wi-Fi lantai 3 bertabrakan dengan jaringan tetangga; kanal sudah dipindah.", 0},
    {"Gangguan Jaringan Internet", "Tidak bisa konek VPN dari rumah",
     "FortiClient menampilkan \"credential or permission denied\" padahal kata sandi benar. "
     "Saya perlu membuka SIMPEG untuk lembur.",
     "Akun Anda belum terdaftar di grup VPN, kami daftarkan sekarang.",
     "Akun sudah ditambahkan ke grup VPN pegawai; sambungan berhasil diuji bersama pemohon.",
     2},
    {"Gangguan Jaringan Internet", "Pendaftaran VPN untuk pegawai baru",
     "Mohon didaftarkan akses VPN untuk dua pegawai baru di bidang kami (nama terlampir).",
     "Baik, mohon lampirkan surat permohonan dari kepala bidang.",
     "Dua akun pegawai baru sudah didaftarkan ke VPN.", 0},
    {"Permintaan Akun Email Dinas", "Lupa password email dinas",
     "Saya lupa kata sandi email dinas dan nomor ponsel yang terdaftar sudah tidak aktif.",
     "Mohon kirimkan foto kartu pegawai untuk verifikasi.",
     "Kata sandi direset dan nomor ponsel pemulihan diganti setelah verifikasi kartu "
     "pegawai.", 0},
    {"Permintaan Akun Email Dinas", "Reset kata sandi email, akun terkunci",
     "Akun email saya terkunci setelah beberapa kali salah memasukkan kata sandi.",
     "Akun kami buka; silakan masuk dengan kata sandi sementara yang kami kirim lewat SMS.",
     "Akun dibuka kembali dan kata sandi sementara dikirim; pemohon sudah menggantinya.", 0},
    {"Permintaan Akun Email Dinas", "Permintaan akun email untuk pegawai pindahan",
     "Pegawai pindahan dari kabupaten lain belum memiliki email @pemda.go.id.",
     "Mohon lengkapi NIP dan SK pindah pegawai tersebut.",
     "Akun email baru sudah dibuat dan dikirim ke pegawai yang bersangkutan.", 0},
    {"Kerusakan Perangkat Komputer", "Printer di bagian umum tidak bisa mencetak",
     "Printer Epson L3150 di bagian umum tidak merespons; dokumen tertahan di antrean "
     "cetak.",
     "Sudah kami coba dari jarak jauh; teknisi akan datang memeriksa printernya.",
     "Driver printer dipasang ulang dan antrean cetak dibersihkan; printer mencetak "
     "normal.", 0},
    {"Kerusakan Perangkat Komputer", "Kertas macet terus di printer lantai 1",
     "Setiap mencetak lebih dari dua lembar, kertas macet di bagian belakang printer.",
     "Teknisi kami jadwalkan datang hari ini.",
     "Rol penarik kertas aus dan sudah diganti.", 2},
    {"Kerusakan Perangkat Komputer", "Laptop tidak mau menyala",
     "Laptop dinas (nomor inventaris 02.06.03.04.001) tidak menyala sama sekali walaupun "
     "sudah diisi daya semalaman.",
     "Silakan bawa laptop ke ruang TIK Diskominfo untuk diperiksa.",
     "Adaptor daya rusak; diganti dengan yang baru dari persediaan.", 2},
    {"Kerusakan Perangkat Komputer", "Monitor berkedip dan bergaris",
     "Monitor komputer meja di loket 3 berkedip dan muncul garis hijau.",
     "Kami siapkan monitor pengganti sementara.",
     "Kabel VGA longgar dan sudah diganti dengan kabel HDMI.", 0},
    {"Gangguan Aplikasi SIMPEG", "Tidak bisa login SIMPEG",
     "Saat masuk SIMPEG muncul \"NIP atau kata sandi salah\" padahal sudah benar.",
     "Akun Anda terkunci karena gagal masuk lima kali; kami buka kuncinya.",
     "Kunci akun SIMPEG dibuka dan kata sandi direset; pemohon sudah bisa masuk.", 0},
    {"Gangguan Aplikasi SIMPEG", "Data pangkat di SIMPEG belum diperbarui",
     "Pangkat saya sudah naik per 1 Oktober tetapi SIMPEG masih menampilkan pangkat lama.",
     "Mohon unggah SK kenaikan pangkat agar bisa kami verifikasi.",
     "Riwayat pangkat diperbarui sesuai SK yang diunggah.", 0},
    {"Gangguan Aplikasi SIMPEG", "Aplikasi SIMPEG error saat cetak DRH",
     "Tombol cetak daftar riwayat hidup menampilkan halaman kosong bertuliskan \"Error 500\".",
     "Terima kasih, kesalahan ini sedang kami telusuri bersama pengembang.",
     "Perbaikan dari pengembang sudah dipasang; DRH dapat dicetak kembali.", 0},
    {"Permintaan Data Statistik Sektoral", "Permintaan data jumlah penduduk per kecamatan 2025",
     "Untuk penyusunan Renja 2027 kami memerlukan data jumlah penduduk per kecamatan tahun "
     "2025.",
     "Data sedang kami siapkan dari publikasi terbaru.",
     "Data penduduk per kecamatan 2025 dikirim dalam format Excel.", 0},
    {"Permintaan Data Statistik Sektoral", "Data jumlah sekolah dan guru per kecamatan",
     "Mohon data jumlah SD/SMP negeri dan swasta beserta jumlah gurunya per kecamatan.",
     "Mohon sebutkan tahun ajaran yang dibutuhkan.",
     "Data tahun ajaran 2025/2026 sudah dikirim.", 0},
    {"Masalah Aplikasi Loket", "Tombol unggah lampiran tidak berfungsi di ponsel",
     "Di ponsel Android, tombol pilih berkas tidak membuka galeri.",
     "Terima kasih atas laporannya, kami teruskan ke tim pengembang.",
     "Izin akses berkas di peramban sudah diperbaiki pada versi terbaru.", 0},
};
enum { N_TOPICS = sizeof topics / sizeof topics[0] };

static const char *const channels[] = {"web", "email", "whatsapp", "phone", "walk_in"};

static const char *const feedbacks[] = {
    NULL, "Cepat dan ramah, terima kasih.", NULL, "Sudah normal kembali.",
    "Penjelasannya jelas.", NULL,
};

/* ---- the generator -------------------------------------------------------- */

struct desk {
    struct db *db;
    struct arena *a;
    struct config cfg;
    struct bizcal cal;
    int64_t now;
    uint64_t seed;
    struct user_auth agent, pic, vendor, who[N_PEOPLE];
    int64_t service_ids[N_TOPICS], unit_diskominfo, vendor_id, first_ticket;
};

/* xorshift64*: a fixed seed, so every demo database tells the same story */
static uint32_t rnd(struct desk *d, uint32_t n)
{
    d->seed ^= d->seed >> 12;
    d->seed ^= d->seed << 25;
    d->seed ^= d->seed >> 27;
    return (uint32_t)((d->seed * UINT64_C(2685821657736338717)) >> 33) % n;
}

static int64_t find_id(struct db *db, struct arena *a, const struct resource *res,
                       const char *name, struct err *err)
{
    return demo_first_id(db, a, res, "name", name, err);
}

static void set_s(struct record *r, const char *field, const char *s)
{
    r->v[resource_field(&res_users, field)] = (struct value){.set = true, .s = s};
}

static void set_i(struct record *r, const char *field, int64_t i)
{
    r->v[resource_field(&res_users, field)] = (struct value){.set = true, .i = i};
}

static int load_faq(struct desk *d, struct err *err)
{
    int64_t at = d->now - 100 * 86400;
    for (size_t i = 0; i < sizeof articles / sizeof articles[0]; i++) {
        struct faq f = {.category_id = find_id(d->db, d->a, &res_categories,
                                               articles[i].category, err),
                        .question = articles[i].question, .answer_md = articles[i].answer,
                        .answer_html = markdown_to_html(d->a, articles[i].answer),
                        .published = true, .created_by = d->agent.p.id,
                        .created_at = at + (int64_t)i * 3600, .updated_at = at + (int64_t)i * 3600};
        if (!f.answer_html)
            return err_set(err, ERR_INTERNAL, "demo", "FAQ demo", "demo FAQ");
        if (db_faq_save(d->db, &f, err) != 0)
            return err->kind;
        /* a few readers found it helpful (one vote each), one now and then not */
        for (size_t k = 0; k < 2 + i % 4 && k < N_PEOPLE; k++) {
            bool counted;
            if (db_faq_vote(d->db, f.id, d->who[(i + k) % N_PEOPLE].p.id, (i + k) % 5 != 4,
                            &counted, err) != 0)
                return err->kind;
        }
    }
    struct faq_proposal p = {.proposer_id = d->who[0].p.id, .question = PROPOSAL_Q,
                             .answer_md = PROPOSAL_A, .status = "pending",
                             .category_id = find_id(d->db, d->a, &res_categories, "Aplikasi", err),
                             .created_at = d->now - 2 * 86400};
    return db_proposal_save(d->db, &p, err);
}

static int load_people(struct desk *d, struct err *err)
{
    struct user_auth base;
    if (db_user_by_login(d->db, "requester@demo.test", d->a, &base, err) != 0)
        return err->kind;
    size_t k = 0;
    for (size_t i = 0; i < sizeof base_people / sizeof base_people[0]; i++)
        if (db_user_by_login(d->db, base_people[i], d->a, &d->who[k++], err) != 0)
            return err->kind;
    for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
        struct record *r = record_new(d->a, &res_users);
        set_s(r, "name", people[i].name);
        set_s(r, "email", people[i].email);
        set_s(r, "nip", people[i].nip);
        set_s(r, "phone", people[i].phone);
        set_s(r, "role", "requester");
        set_i(r, "unit_id", find_id(d->db, d->a, &res_units, people[i].unit, err));
        record_apply_defaults(&res_users, r);
        /* the demo password, hashed once by demo.c: no second hashing cost */
        set_s(r, "password_hash", base.password_hash);
        if (record_validate(&res_users, r, true, err) != 0 ||
            db_rec_create(d->db, &res_users, r, err) != 0 ||
            db_user_by_login(d->db, people[i].email, d->a, &d->who[k++], err) != 0)
            return err->kind;
    }
    return 0;
}

/* ---- one ticket's life ---------------------------------------------------- */

enum goal { G_NEW, G_PROGRESS, G_WAITING, G_RESOLVED, G_CLOSED, G_CANCELLED };

struct life {
    struct desk *d;
    struct ticket *t;
    int64_t at;   /* the clock of the last step */
    bool stopped; /* the next step would be after today's now */
};

static struct actor as(struct life *l, const struct user_auth *u)
{
    return (struct actor){.user = u, .channel = "web", .cfg = &l->d->cfg, .now = l->at};
}

/* Moves the clock on by `minutes` working minutes. A step that would pass
** the present is squeezed into the working time left (a third of it), so a
** recent ticket still reaches its goal; a strict step (the auto-close, a
** rule with a fixed delay) is not: false, and the ticket stays as it is. */
static bool later(struct life *l, int minutes, bool strict)
{
    if (l->stopped)
        return false;
    int64_t next = bizcal_add_minutes(&l->d->cal, l->at, minutes);
    if (next >= l->d->now - 60) {
        int64_t left = bizcal_minutes_between(&l->d->cal, l->at, l->d->now - 60);
        if (strict || left < 3) {
            l->stopped = true;
            return false;
        }
        next = bizcal_add_minutes(&l->d->cal, l->at, left / 3);
    }
    l->at = next;
    return true;
}

/* What the sweeper would have flagged before `until`, at its due time. */
static int breaches(struct life *l, int64_t until, struct err *err)
{
    struct ticket *t = l->t;
    bool changed = false;
    if (!t->first_response_at && t->first_response_due && !t->first_response_breached &&
        t->first_response_due <= until) {
        t->first_response_breached = changed = true;
        if (svc_ticket_event(l->d->db, t, t->first_response_due, 0, "sla_breached",
                             "first_response", NULL, NULL, NULL, false, err) != 0)
            return err->kind;
    }
    enum ticket_status st = TS_NEW;
    ticket_status_parse(t->status, &st);
    if (ticket_sla_running(st) && t->resolution_due && !t->resolution_breached &&
        t->resolution_due <= until) {
        t->resolution_breached = changed = true;
        if (svc_ticket_event(l->d->db, t, t->resolution_due, 0, "sla_breached", "resolution",
                             NULL, NULL, NULL, false, err) != 0)
            return err->kind;
    }
    if (!changed)
        return 0;
    return db_ticket_save(l->d->db, t, err) != 0 ||
                   db_ticket_get(l->d->db, t->number, l->d->a, &l->t, err) != 0
               ? err->kind
               : 0;
}

static int move(struct life *l, const struct user_auth *u, enum ticket_status to,
                const char *summary, const char *reason, struct err *err)
{
    enum ticket_status st = TS_NEW;
    ticket_status_parse(l->t->status, &st);
    if (st == to) /* the service may have moved it already (a reply, a take) */
        return 0;
    struct actor who = as(l, u);
    struct status_change c = {.to = to, .summary = summary, .reason = reason};
    return svc_ticket_transition(l->d->db, &who, l->d->a, l->t->number, &c, &l->t, err);
}

static int say(struct life *l, const struct user_auth *u, const char *body, bool internal,
               struct err *err)
{
    struct actor who = as(l, u);
    return svc_ticket_comment(l->d->db, &who, l->d->a, l->t, body, internal, &l->t, err);
}

static int take(struct life *l, const struct user_auth *u, struct err *err)
{
    if (l->t->assignee_id == u->p.id)
        return 0;
    struct actor who = as(l, u);
    return svc_ticket_assign(l->d->db, &who, l->d->a, l->t->number, true, 0, &l->t, err);
}

static int escalate(struct life *l, const struct user_auth *u, int tier, int64_t target,
                    const char *reason, struct err *err)
{
    struct actor who = as(l, u);
    struct escalation e = {.tier = tier, .target = target, .reason = reason};
    return svc_ticket_escalate(l->d->db, &who, l->d->a, l->t->number, &e, &l->t, err);
}

/* The requester's stars, mostly good; a low one now and then. */
static int rate(struct life *l, const struct user_auth *req, struct err *err)
{
    struct desk *d = l->d;
    int score = rnd(d, 12) == 0 ? 2 : 5 - (int)rnd(d, 3);
    const char *fb = score <= 2 ? "Butuh waktu lama sampai ditangani."
                                : feedbacks[rnd(d, sizeof feedbacks / sizeof *feedbacks)];
    struct actor who = as(l, req);
    return svc_ticket_rate(d->db, &who, d->a, l->t->number, score, fb, &l->t, err);
}

static int file(struct life *l, const struct topic *tp, int64_t service_id,
                const struct user_auth *req, const char *channel, struct err *err)
{
    struct ticket_new in = {.title = tp->title, .description = tp->description,
                            .service_id = service_id};
    struct actor who = as(l, req);
    if (strcmp(channel, "web") != 0) {
        /* recorded by the tier-1 desk for the caller, on the road it came by */
        who.user = &l->d->agent;
        in.for_other = true;
        in.channel = channel;
        in.requester_id_given = true;
        in.requester_id = req->p.id;
        if (!strcmp(channel, "phone") || !strcmp(channel, "whatsapp")) {
            in.contact_name = req->name;
            in.contact_phone = NULL;
        }
    }
    return svc_ticket_create(l->d->db, &who, l->d->a, &in, &l->t, err);
}

/* Names the demo ticket and the step a refusal came from: a rule changed
** under the demo shows up in `loket init --demo` at once. */
static int blame(struct err *err, const char *number, int line)
{
    for (int i = 0; i < 2; i++) {
        size_t n = strlen(err->msg[i]);
        snprintf(err->msg[i] + n, sizeof err->msg[i] - n, " (demo %s, demo_desk.c:%d)", number,
                 line);
    }
    return err->kind;
}

/* Runs one ticket from filing to its goal, as far as today allows. */
static int live(struct desk *d, int64_t created, const struct topic *tp, int64_t service_id,
                const struct user_auth *req, const char *channel, enum goal goal,
                struct err *err)
{
    struct life l = {.d = d, .at = created};
    const struct user_auth *agent = &d->agent, *handler = agent;
    if (file(&l, tp, service_id, req, channel, err) != 0)
        return err->kind;
    if (!d->first_ticket)
        d->first_ticket = l.t->id;
    int rc = 0;
#define STEP_AT(minutes, strict, call)                                                          \
    do {                                                                                       \
        if (!later(&l, (minutes), (strict)))                                                   \
            goto done;                                                                         \
        if ((rc = breaches(&l, l.at, err)) != 0 || (rc = (call)) != 0) {                       \
            return blame(err, l.t->number, __LINE__);                                          \
        }                                                                                      \
    } while (0)
#define STEP(minutes, call) STEP_AT(minutes, false, call)
    if (goal == G_NEW)
        goto done;
    if (goal == G_CANCELLED && rnd(d, 2)) {
        /* the requester found it solved before anyone looked */
        STEP(10 + (int)rnd(d, 60), move(&l, req, TS_CANCELLED, NULL,
                                        "Sudah normal kembali, tiket tidak diperlukan lagi.",
                                        err));
        goto done;
    }
    STEP(3 + (int)rnd(d, 40), take(&l, agent, err));
    if (goal == G_CANCELLED) {
        STEP(5 + (int)rnd(d, 30), move(&l, agent, TS_CANCELLED, NULL,
                                       "Duplikat dengan tiket lain dari unit yang sama.", err));
        goto done;
    }
    STEP(2 + (int)rnd(d, 15), say(&l, agent, tp->reply, false, err));
    STEP(1, move(&l, agent, TS_IN_PROGRESS, NULL, NULL, err));
    if (tp->escalate && rnd(d, 3)) {
        STEP(20 + (int)rnd(d, 60), escalate(&l, agent, 2, d->unit_diskominfo,
                                            "Perlu pengecekan langsung oleh tim jaringan.", err));
        handler = &d->pic;
        STEP(10 + (int)rnd(d, 60), take(&l, handler, err));
        if (tp->escalate == 3) {
            STEP(30 + (int)rnd(d, 60), escalate(&l, handler, 3, d->vendor_id,
                                                "Gangguan di jaringan penyedia.", err));
            handler = &d->vendor;
            STEP(15 + (int)rnd(d, 60), take(&l, handler, err));
            STEP(5, move(&l, handler, TS_IN_PROGRESS, NULL, NULL, err));
        }
        /* a note for colleagues; an outside vendor writes a public reply */
        STEP(5 + (int)rnd(d, 30), say(&l, handler, "Sudah dicek di lokasi, sedang dikerjakan.",
                                      handler != &d->vendor, err));
    }
    if (goal == G_PROGRESS)
        goto done;
    if (goal == G_WAITING || rnd(d, 4) == 0) {
        STEP(10 + (int)rnd(d, 60),
             say(&l, handler, "Mohon informasi tambahan: sejak kapan dan di ruangan mana?",
                 false, err));
        STEP(1, move(&l, handler, TS_WAITING, NULL, NULL, err));
        if (goal == G_WAITING)
            goto done;
        STEP(30 + (int)rnd(d, 400),
             say(&l, req, "Sejak kemarin pagi, di ruang kerja kami. Terima kasih.", false, err));
    }
    STEP(30 + (int)rnd(d, 900), move(&l, handler, TS_RESOLVED, tp->summary, NULL, err));
    if (goal == G_RESOLVED)
        goto done;
    if (rnd(d, 5) < 3) {
        STEP(10 + (int)rnd(d, 600), rate(&l, req, err));
    } else {
        /* nobody rated: the sweeper closes it after auto_close_days working days */
        STEP_AT((int)d->cfg.auto_close_days * 480, true,
             svc_status_apply(d->db, d->a, &d->cfg, l.t, TS_CLOSED, NULL, NULL, NULL, l.at, err));
    }
#undef STEP
#undef STEP_AT
done:
    return breaches(&l, d->now, err);
}

/* The goal of a ticket filed `age` working days ago (0: the last one). */
static enum goal pick_goal(struct desk *d, int age)
{
    uint32_t r = rnd(d, 100);
    if (age == 0)
        return r < 45 ? G_NEW : r < 75 ? G_PROGRESS : r < 85 ? G_WAITING : r < 95 ? G_RESOLVED
                                                                          : G_CANCELLED;
    if (age <= 2)
        return r < 20 ? G_NEW : r < 35 ? G_PROGRESS : r < 55 ? G_WAITING
               : r < 90 ? G_RESOLVED : G_CLOSED;
    if (age <= 8)
        return r < 10 ? G_PROGRESS : r < 18 ? G_WAITING : r < 24 ? G_CANCELLED : G_CLOSED;
    return r < 3 ? G_PROGRESS : r < 5 ? G_WAITING : r < 13 ? G_CANCELLED : G_CLOSED;
}

/* The history's mail went out long ago: sent a minute after it was queued.
** Other rows (not the desk's tickets) are put back as they were. */
static int mail_sent(struct desk *d, struct err *err)
{
    static const char *const roads[] = {"email", "whatsapp"};
    for (size_t r = 0; r < sizeof roads / sizeof *roads; r++) {
        int64_t *others = NULL;
        size_t n_others = 0, cap = 0;
        for (;;) {
            struct outbox_row *rows;
            size_t n;
            if (db_outbox_claim(d->db, roads[r], d->now + 86400, 500, d->a, &rows, &n, err) != 0)
                return err->kind;
            if (!n)
                break;
            for (size_t i = 0; i < n; i++) {
                if (rows[i].ticket_id >= d->first_ticket && d->first_ticket) {
                    if (db_outbox_finish(d->db, rows[i].id, "sent", 0, NULL,
                                         rows[i].created_at + 60, err) != 0)
                        return err->kind;
                    continue;
                }
                if (n_others == cap) {
                    int64_t *more = arena_alloc(d->a, (cap = cap * 2 + 16) * sizeof *more);
                    if (n_others)
                        memcpy(more, others, n_others * sizeof *more);
                    others = more;
                }
                others[n_others++] = rows[i].id;
            }
        }
        for (size_t i = 0; i < n_others; i++)
            if (db_outbox_unclaim(d->db, others[i], err) != 0)
                return err->kind;
    }
    return 0;
}

static int load_tickets(struct desk *d, struct err *err)
{
    /* local (WIB) day numbers from 13 weeks ago to today; today counts
    ** once its working hours have begun, else the last working day is the
    ** newest (age 0) */
    int32_t today = (int32_t)((d->now + d->cal.utc_offset_min * 60) / 86400);
    int32_t first = today - 91;
    bool started = bizcal_workday(&d->cal, today) &&
                   d->now >= (int64_t)today * 86400 - d->cal.utc_offset_min * 60 +
                                 d->cal.start_min * 60;
    if (!started)
        today--;
    int workdays_left = 0;
    for (int32_t day = first; day <= today; day++)
        workdays_left += bizcal_workday(&d->cal, day);
    unsigned n = 0;
    for (int32_t day = first; day <= today; day++) {
        if (!bizcal_workday(&d->cal, day))
            continue;
        int age = --workdays_left;
        int per_day = 2 + (int)rnd(d, 3) + ((day + 3) % 7 == 0); /* Mondays are busy */
        for (int k = 0; k < per_day; k++, n++) {
            int64_t created = (int64_t)day * 86400 - d->cal.utc_offset_min * 60 +
                              d->cal.start_min * 60 + (int64_t)rnd(d, 450) * 60 + rnd(d, 60);
            if (created >= d->now - 300)
                continue;
            size_t ti = rnd(d, N_TOPICS);
            const struct user_auth *req = &d->who[rnd(d, N_PEOPLE)];
            /* every road early on, then mostly the web and WhatsApp */
            const char *ch = n < 5 ? channels[n] : channels[(uint32_t[]){0, 0, 0, 1, 2, 2, 3, 3,
                                                                        4}[rnd(d, 9)]];
            /* the newest full working days show every open state */
            enum goal goal = pick_goal(d, age);
            if ((age == 1 || age == 2) && k < 2)
                goal = (enum goal[]){G_NEW, G_RESOLVED, G_PROGRESS, G_WAITING}[(age - 1) * 2 + k];
            if (live(d, created, &topics[ti], d->service_ids[ti], req, ch, goal, err) != 0)
                return err->kind;
        }
    }
    return 0;
}

int demo_desk(struct db *db, struct arena *a, struct err *err)
{
    struct desk *d = arena_alloc(a, sizeof *d);
    memset(d, 0, sizeof *d);
    d->db = db;
    d->a = a;
    d->now = (int64_t)time(NULL);
    d->seed = UINT64_C(0x20d35c0de5eed);
    config_defaults(&d->cfg);
    int rc = ERR_INTERNAL;
    int64_t cal = find_id(db, a, &res_calendars, "Kalender Kerja Pemda", err);
    d->unit_diskominfo = find_id(db, a, &res_units, "Diskominfo", err);
    d->vendor_id = find_id(db, a, &res_vendors, "PT Mitra Jaringan", err);
    for (size_t i = 0; i < N_TOPICS; i++)
        if (!(d->service_ids[i] = find_id(db, a, &res_services, topics[i].service, err)))
            goto out;
    if (!cal || !d->unit_diskominfo || !d->vendor_id ||
        svc_calendar(db, a, cal, &d->cal, err) != 0 ||
        db_user_by_login(db, "agent@demo.test", a, &d->agent, err) != 0 ||
        db_user_by_login(db, "pic@demo.test", a, &d->pic, err) != 0 ||
        db_user_by_login(db, "vendor@demo.test", a, &d->vendor, err) != 0 ||
        load_people(d, err) != 0 || load_faq(d, err) != 0 || load_tickets(d, err) != 0 ||
        mail_sent(d, err) != 0)
        goto out;
    rc = 0;
out:
    config_free(&d->cfg);
    if (rc && !err->kind)
        err_set(err, ERR_INTERNAL, "demo", "data meja layanan demo", "demo desk data");
    return rc ? (err->kind ? err->kind : rc) : 0;
}

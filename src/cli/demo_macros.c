/* The demo's macros (issue #20, agent tools), inside demo_load's
** transaction: what agents of seed 002's care centre click most: take a
** network fault and tag it, ask the requester for details and wait, close
** a fixed fault with its summary, and an internal hand-over note. Checked
** by the same rules as the API (record_validate, record_macro_rules,
** svc_macro_check), so they are valid macros. */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/resource.h"
#include "svc/macro.h"

#include <string.h>

static const struct {
    const char *name, *body, *status, *tags, *assign;
    bool internal;
} demo_macros[] = {
    {"Tangani gangguan jaringan",
     "Yth. {{requester_name}}, laporan {{ticket_number}} tentang \"{{title}}\" sudah kami "
     "terima dan sedang ditangani oleh {{agent_name}}. Kami kabari lagi setelah pengecekan.",
     "in_progress", "jaringan", "self", false},
    {"Minta data tambahan",
     "Yth. {{requester_name}}, agar dapat kami telusuri, mohon kirimkan tangkapan layar pesan "
     "kesalahan, waktu kejadian, dan nama perangkat yang dipakai. Tiket {{ticket_number}} "
     "menunggu jawaban Anda.",
     "waiting", NULL, NULL, false},
    {"Selesai: gangguan pulih",
     "Gangguan pada tiket {{ticket_number}} sudah pulih dan layanan berjalan normal kembali. "
     "Bila masih bermasalah, balas pesan ini dan tiket akan kami buka lagi.",
     "resolved", NULL, NULL, false},
    {"Catatan serah terima",
     "Serah terima: sudah dicek dari sisi jaringan, belum ada hasil. Lanjutkan pengecekan "
     "perangkat pemohon.",
     NULL, "berulang", NULL, true},
};

static void put(struct record *r, const char *field, const char *s)
{
    if (s)
        r->v[resource_field(&res_macros, field)] = (struct value){.set = true, .s = s};
}

int demo_macros_load(struct db *db, struct arena *a, struct err *err)
{
    for (size_t i = 0; i < sizeof demo_macros / sizeof *demo_macros; i++) {
        struct record *r = record_new(a, &res_macros);
        put(r, "name", demo_macros[i].name);
        put(r, "body", demo_macros[i].body);
        put(r, "status", demo_macros[i].status);
        put(r, "tags", demo_macros[i].tags);
        put(r, "assign", demo_macros[i].assign);
        r->v[resource_field(&res_macros, "internal")] =
            (struct value){.set = true, .i = demo_macros[i].internal};
        record_apply_defaults(&res_macros, r);
        struct record *saved;
        if (record_validate(&res_macros, r, true, err) != 0 ||
            record_macro_rules(r, NULL, err) != 0 || db_rec_create(db, &res_macros, r, err) != 0 ||
            db_rec_get(db, &res_macros, r->id, a, &saved, err) != 0 ||
            svc_macro_check(db, a, saved, err) != 0)
            return err->kind;
    }
    return 0;
}

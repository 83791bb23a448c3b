/* The intake's demo (issue #20 item 12), inside demo_load's transaction:
** search keywords on the demo's ticket services, the words callers and
** requesters actually use ("wifi", "hotspot", "lupa password") that the
** names do not, so the catalogue finds them. */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/resource.h"

#include <string.h>

static const struct {
    const char *service, *keywords;
} demo_keywords[] = {
    {"Gangguan Jaringan Internet", "wifi, hotspot, lan, kabel jaringan, koneksi, internet lambat"},
    {"Permintaan Akun Email Dinas", "surel, e-mail, lupa password, kata sandi, reset"},
    {"Kerusakan Perangkat Komputer", "pc, laptop, printer, mouse, keyboard, monitor"},
    {"Gangguan Aplikasi SIMPEG", "kepegawaian, login simpeg, data pegawai"},
};

int demo_intake(struct db *db, struct arena *a, struct err *err)
{
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 200};
    struct record **items;
    size_t n = 0;
    int64_t total;
    if (db_rec_list(db, &res_services, &q, a, &items, &n, &total, err) != 0)
        return err->kind;
    int name = resource_field(&res_services, "name"), kw = resource_field(&res_services, "keywords");
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < sizeof demo_keywords / sizeof demo_keywords[0]; k++) {
            if (strcmp(items[i]->v[name].s, demo_keywords[k].service) != 0)
                continue;
            struct record *r = record_new(a, &res_services);
            r->v[kw] = (struct value){.set = true, .s = demo_keywords[k].keywords};
            if (db_rec_update(db, &res_services, items[i]->id, r, err) != 0)
                return err->kind;
        }
    }
    return 0;
}

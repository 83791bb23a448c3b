/* Demo data of the partner letters (`loket init --demo`): Diskominfo's and
** Dinas Kesehatan's letter settings (officials, letterhead, work area,
** Indonesian-style number patterns), so a demo contract looks like the
** seed's from the first download. Inside demo_load's transaction. */
#include "cli/cli.h"
#include "core/arena.h"
#include "store/letter_store.h"

#include <string.h>

static const struct letter_settings offices[] = {
    {.unit_name = "Diskominfo", .unit_code = "1375",
     .head_lines = "PEMERINTAH KOTA BUKITTINGGI\nDINAS KOMUNIKASI DAN INFORMATIKA",
     .address = "Jl. Sudirman No. 1, Bukittinggi 26111", .city = "Bukittinggi",
     .region = "Kecamatan Guguk Panjang", .ppk_name = "Dewi Lestari, S.Kom.",
     .ppk_nip = "198001012005012001", .ppk_position = "Pejabat Pembuat Komitmen",
     .signer_name = "Ahmad Fauzi, S.T., M.T.", .signer_nip = "197505052000031002",
     .signer_position = "Kepala Dinas Komunikasi dan Informatika",
     .pattern_contract = "B-{seq:3}/{unit}/SPK/{month_roman}/{year}",
     .pattern_assignment = "{seq:3}/{unit}/ST/{month_roman}/{year}"},
    {.unit_name = "Dinas Kesehatan", .unit_code = "1375.KES",
     .head_lines = "PEMERINTAH KOTA BUKITTINGGI\nDINAS KESEHATAN",
     .address = "Jl. Perwira No. 12, Bukittinggi", .city = "Bukittinggi",
     .region = "Kecamatan Mandiangin Koto Selayan", .ppk_name = "Rahmat Hidayat, S.E.",
     .ppk_nip = "198203032008011003", .signer_name = "dr. Sri Wahyuni",
     .signer_nip = "197012121998032004", .signer_position = "Kepala Dinas Kesehatan"},
};

int demo_letters(struct db *db, struct arena *a, struct err *err)
{
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 200};
    struct record **units;
    size_t n;
    int64_t total;
    if (db_rec_list(db, &res_units, &q, a, &units, &n, &total, err) != 0)
        return err->kind;
    int name = resource_field(&res_units, "name");
    for (size_t i = 0; i < sizeof offices / sizeof offices[0]; i++)
        for (size_t k = 0; k < n; k++)
            if (units[k]->v[name].s && !strcmp(units[k]->v[name].s, offices[i].unit_name)) {
                struct letter_settings s = offices[i];
                s.unit_id = units[k]->id;
                if (lts_settings_put(db, &s, 0, err) != 0)
                    return err->kind;
            }
    return 0;
}

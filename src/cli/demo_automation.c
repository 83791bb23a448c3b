/* The automation rules of the demo (issue #22 item 1), inside demo_load's
** transaction: examples an admin switches on in Admin > Automation, all
** off so the demo behaves as before: seed 002's auto-reply outside working
** hours (with its canned response), seed 000's follow-up of a low rating
** passed to tier 2, and the time rules of a ticket waiting on its requester,
** one nobody took and one about to breach. Written through the same reader
** as the API (svc_automation_parse), so they are valid rules. */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/resource.h"
#include "svc/automation.h"

#include <stdio.h>
#include <string.h>

int64_t demo_first_id(struct db *db, struct arena *a, const struct resource *res,
                        const char *field, const char *value, struct err *err)
{
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 1, .n_filters = 1};
    q.filters[0].field = resource_field(res, field);
    q.filters[0].val = (struct value){.set = true, .s = value};
    struct record **items;
    size_t n = 0;
    int64_t total;
    if (db_rec_list(db, res, &q, a, &items, &n, &total, err) != 0 || !n)
        return 0;
    return items[0]->id;
}

int demo_automation(struct db *db, struct arena *a, struct err *err)
{
    struct record *c = record_new(a, &res_canned_responses);
    int ti = resource_field(&res_canned_responses, "title"),
        bi = resource_field(&res_canned_responses, "body");
    c->v[ti] = (struct value){.set = true, .s = "Di luar jam layanan"};
    c->v[bi] = (struct value){
        .set = true,
        .s = "Terima kasih, laporan Anda sudah kami terima di luar jam layanan (Senin-Jumat "
             "08.00-16.00 WIB). Petugas akan menanganinya pada hari kerja berikutnya."};
    record_apply_defaults(&res_canned_responses, c);
    if (db_rec_create(db, &res_canned_responses, c, err) != 0)
        return err->kind;
    int64_t cal = demo_first_id(db, a, &res_calendars, "name", "Kalender Kerja Pemda", err);
    const char *rules[] = {
        arena_printf(a,
                     "{\"name\":\"Balasan otomatis di luar jam layanan\",\"events\":[\"created\"],"
                     "\"conditions\":{\"outside_hours\":true,\"calendar_id\":%lld},"
                     "\"actions\":[{\"type\":\"reply\",\"canned_response_id\":%lld}]}",
                     (long long)(cal ? cal : 1), (long long)c->id),
        "{\"name\":\"Penilaian rendah ditindaklanjuti tingkat 2\",\"events\":[\"rated\"],"
        "\"conditions\":{\"rating_max\":2},\"actions\":[{\"type\":\"follow_up\",\"tier\":2},"
        "{\"type\":\"notify\",\"to\":\"admins\",\"message\":\"Penilaian rendah: tiket tindak "
        "lanjut dibuka untuk tingkat 2.\"}]}",
        "{\"name\":\"Pengingat menunggu pemohon (3 hari kerja)\",\"kind\":\"time\","
        "\"timing\":{\"type\":\"waiting_days\",\"days\":3},\"actions\":[{\"type\":\"notify\","
        "\"to\":\"requester\",\"message\":\"Kami masih menunggu jawaban atau data dari Anda. "
        "Tanpa jawaban, tiket akan dibatalkan setelah 5 hari kerja.\"}]}",
        "{\"name\":\"Batalkan bila pemohon tidak menjawab (5 hari kerja)\",\"kind\":\"time\","
        "\"timing\":{\"type\":\"waiting_days\",\"days\":5},\"actions\":[{\"type\":\"set_status\","
        "\"status\":\"cancelled\",\"reason\":\"Tidak ada jawaban pemohon dalam 5 hari kerja.\"}]}",
        "{\"name\":\"Belum ditugaskan 60 menit: kabari supervisor\",\"kind\":\"time\","
        "\"timing\":{\"type\":\"unassigned_minutes\",\"minutes\":60},\"actions\":[{\"type\":"
        "\"notify\",\"to\":\"admins\",\"message\":\"Tiket ini belum ditugaskan ke petugas.\"}]}",
        "{\"name\":\"Menjelang batas SLA: eskalasi ke tingkat 2\",\"kind\":\"time\","
        "\"timing\":{\"type\":\"before_breach\",\"minutes\":60},\"actions\":[{\"type\":"
        "\"escalate\",\"tier\":2}]}",
    };
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        json_t *body = json_loads(rules[i], 0, NULL);
        struct auto_rule_row r = {0};
        int rc = body ? svc_automation_parse(db, a, body, &r, err) : ERR_INTERNAL;
        json_decref(body);
        if (rc != 0)
            return err->kind ? err->kind : rc;
        r.enabled = false;
        r.position = (int64_t)i + 1;
        r.created_at = r.updated_at = 1796083200; /* 2026-12-01 */
        if (db_auto_rule_save(db, &r, err) != 0)
            return err->kind;
    }
    return 0;
}

/* wa_dialog-*: the WhatsApp booking dialogue as a pure state machine
** (src/channels/wa_dialog.c), with a fixed clinic: three poli, a form of
** four questions (text, number, date, select), and open days with room.
**   1.x  keywords and passing other messages on
**   2.x  a whole booking: poli → date → answers → YA
**   3.x  wrong answers are asked again; optional answers; a full day
**   4.x  saving and loading the state; malformed saved states */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "channels/wa_dialog.h"
#include "core/arena.h"

static const struct wad_service SERVICES[] = {{11, "Poli Umum"}, {12, "Poli Gigi"},
                                             {13, "Poli Kebidanan"}};
static const char *const CLINICS[] = {"umum", "gigi", "kebidanan"};
static const struct wad_field FIELDS[] = {
    {"name", "Nama", "text", true, NULL, 0},
    {"age", "Umur", "number", true, NULL, 0},
    {"dob", "Tanggal lahir", "date", true, NULL, 0},
    {"complaint", "Keluhan", "text", false, NULL, 0},
    {"clinic", "Klinik", "select", true, CLINICS, 3},
};
static const struct wad_day DAYS[] = {{"2026-12-08", 3}, {"2026-12-09", 0}, {"2026-12-10", 5}};

static struct wad_ctx ctx(bool chosen)
{
    return (struct wad_ctx){.today = "2026-12-07", .services = SERVICES, .n_services = 3,
                            .fields = chosen ? FIELDS : NULL, .n_fields = chosen ? 5 : 0,
                            .days = chosen ? DAYS : NULL, .n_days = chosen ? 3 : 0};
}

static struct wad_out step(struct arena *a, struct wad_state *st, const char *text)
{
    struct wad_ctx c = ctx(st->service_id != 0);
    struct wad_out o;
    wad_step(a, &c, st, text, &o);
    return o;
}

static void keywords(void **unused)
{
    (void)unused;
    struct arena *a = arena_new();
    struct wad_state st;
    wad_state_init(&st);
    struct wad_out o = step(a, &st, "Printer saya rusak");
    assert_int_equal(o.act, WAD_PASS); /* 1.1 a plain message is not ours */
    assert_false(wad_wants(a, &st, "Printer saya rusak"));
    assert_false(wad_wants(a, &st, "batal"));
    assert_false(wad_wants(a, &st, "daftar ulang"));
    assert_true(wad_wants(a, &st, " daftar "));
    assert_true(wad_wants(a, &st, "KUOTA umum"));
    assert_true(wad_wants(a, &st, "Batal LKT-1"));
    o = step(a, &st, "batal");
    assert_int_equal(o.act, WAD_PASS); /* 1.2 BATAL alone with nothing open */
    o = step(a, &st, "  kuota   gigi ");
    assert_int_equal(o.act, WAD_QUOTA); /* 1.3 KUOTA <poli> by a word of its name */
    assert_int_equal(o.service_id, 12);
    o = step(a, &st, "KUOTA");
    assert_int_equal(o.act, WAD_QUOTA);
    assert_int_equal(o.service_id, 0);
    o = step(a, &st, "KUOTA mata");
    assert_int_equal(o.act, WAD_REPLY);
    assert_non_null(strstr(o.reply, "tidak dikenal"));
    o = step(a, &st, "Batal lkt-2026-000123");
    assert_int_equal(o.act, WAD_CANCEL); /* 1.4 BATAL <number>, upper-cased */
    assert_string_equal(o.number, "LKT-2026-000123");
    o = step(a, &st, "Daftar");
    assert_int_equal(o.act, WAD_REPLY); /* 1.5 DAFTAR lists the poli */
    assert_string_equal(o.reply, "Pilih poli:\n1. Poli Umum\n2. Poli Gigi\n3. Poli Kebidanan\n"
                                 "Balas dengan nomor poli. Ketik BATAL untuk berhenti.");
    assert_int_equal(st.step, WAD_SERVICE);
    o = step(a, &st, "BATAL");
    assert_int_equal(st.step, WAD_IDLE); /* 1.6 BATAL ends an open dialogue */
    assert_string_equal(o.reply, "Pendaftaran dibatalkan. Ketik DAFTAR untuk mulai lagi.");
    wad_state_free(&st);
    arena_free(a);
}

static void booking(void **unused)
{
    (void)unused;
    struct arena *a = arena_new();
    struct wad_state st;
    wad_state_init(&st);
    step(a, &st, "DAFTAR");
    struct wad_out o = step(a, &st, "mata");
    assert_non_null(strstr(o.reply, "Poli tidak dikenali")); /* 2.1 unknown poli */
    o = step(a, &st, "2");
    assert_int_equal(o.act, WAD_SHOW_DAYS); /* 2.2 by number */
    assert_int_equal(st.service_id, 12);
    assert_string_equal(wad_days_text(a, DAYS, 3),
                        "Pilih tanggal kunjungan:\n1. Sel, 08-12-2026 (sisa 3)\n"
                        "2. Rab, 09-12-2026 (penuh)\n3. Kam, 10-12-2026 (sisa 5)\n"
                        "Balas dengan nomor atau tanggal (DD-MM-YYYY). Ketik BATAL untuk berhenti.");
    o = step(a, &st, "05-12-2026");
    assert_non_null(strstr(o.reply, "sudah lewat")); /* 2.3 */
    o = step(a, &st, "12/12/2026");
    assert_non_null(strstr(o.reply, "tidak buka pada Sab, 12-12-2026"));
    o = step(a, &st, "9-12-2026");
    assert_string_equal(o.reply, "Maaf, kuota hari itu penuh. Hari berikutnya yang masih ada "
                                 "tempat: Kam, 10-12-2026.\nBalas dengan tanggal lain. Ketik BATAL "
                                 "untuk berhenti."); /* 2.4 full: the next day with room */
    assert_int_equal(st.step, WAD_DATE);
    o = step(a, &st, "1");
    assert_string_equal(st.date, "2026-12-08");
    assert_string_equal(o.reply, "Nama?"); /* 2.5 the first question */
    o = step(a, &st, "  Siti   Aminah ");
    assert_string_equal(o.reply, "Umur?");
    o = step(a, &st, "tiga puluh");
    assert_string_equal(o.reply, "Jawaban belum sesuai (isi dengan angka). Umur?"); /* 3.1 */
    o = step(a, &st, "34");
    o = step(a, &st, "31-02-1990");
    assert_non_null(strstr(o.reply, "31-12-1990")); /* 3.2 no 31 February */
    o = step(a, &st, "1.5.1992");
    assert_string_equal(o.reply, "Keluhan?\n(Boleh dikosongkan: balas -)");
    o = step(a, &st, "-"); /* 3.3 optional */
    assert_string_equal(o.reply, "Klinik?\n1. umum\n2. gigi\n3. kebidanan");
    o = step(a, &st, "9");
    assert_non_null(strstr(o.reply, "pilih salah satu nomor"));
    o = step(a, &st, "GIGI");
    assert_int_equal(st.step, WAD_CONFIRM);
    assert_string_equal(o.reply, "Periksa data pendaftaran Anda:\nPoli: Poli Gigi\n"
                                 "Tanggal: Sel, 08-12-2026\nNama: Siti Aminah\nUmur: 34\n"
                                 "Tanggal lahir: 1992-05-01\nKlinik: gigi\n"
                                 "Balas YA untuk mendaftar, atau BATAL.");
    o = step(a, &st, "ya");
    assert_int_equal(o.act, WAD_BOOK); /* 2.6 YA books */
    assert_string_equal(json_string_value(json_object_get(st.answers, "complaint")), "");
    assert_string_equal(wad_booked_text(a, "Poli Gigi", "2026-12-08", 4, "08.45",
                                        "LKT-2026-000007", NULL),
                        "Pendaftaran berhasil.\nPoli Gigi, Sel, 08-12-2026\nNomor antrean: 4\n"
                        "Perkiraan waktu: pukul 08.45\nNomor pendaftaran: LKT-2026-000007\n"
                        "Untuk membatalkan, ketik BATAL LKT-2026-000007");
    /* 3.4 the rules refuse an answer: that question again */
    struct wad_ctx c = ctx(true);
    const char *r = wad_reask(a, &c, &st, "age", "di luar batas");
    assert_int_equal(st.step, WAD_FIELD);
    assert_int_equal(st.field, 1);
    assert_string_equal(r, "Umur: di luar batas\nUmur?");
    wad_state_free(&st);
    arena_free(a);
}

static void saving(void **unused)
{
    (void)unused;
    struct arena *a = arena_new();
    struct wad_state st, back;
    wad_state_init(&st);
    assert_null(wad_state_dump(a, &st)); /* 4.1 idle: nothing kept */
    step(a, &st, "DAFTAR");
    step(a, &st, "umum");
    step(a, &st, "10-12-2026");
    step(a, &st, "Budi");
    const char *s = wad_state_dump(a, &st);
    assert_string_equal(s, "{\"answers\":{\"name\":\"Budi\"},\"date\":\"2026-12-10\","
                           "\"field\":1,\"service\":11,\"step\":\"field\"}");
    assert_int_equal(wad_state_load(s, &back), 0); /* 4.2 round trip */
    assert_string_equal(wad_state_dump(a, &back), s);
    wad_state_free(&back);
    static const char *const bad[] = {
        NULL, "", "[]", "{\"step\":\"field\"}", "{\"step\":\"nope\",\"answers\":{}}",
        "{\"step\":\"date\",\"service\":0,\"answers\":{},\"field\":0}",
        "{\"step\":\"field\",\"service\":3,\"answers\":{},\"date\":\"2026-02-30\"}",
        "{\"step\":\"confirm\",\"service\":3,\"answers\":{\"a\":1},\"date\":\"2026-02-03\"}",
        "{\"step\":\"field\",\"service\":3,\"answers\":{},\"date\":\"2026-02-03\",\"field\":-1}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(wad_state_load(bad[i], &back), -1); /* 4.3 */
        assert_int_equal(back.step, WAD_IDLE);
        assert_non_null(back.answers);
        wad_state_free(&back);
    }
    wad_state_free(&st);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keywords),
        cmocka_unit_test(booking),
        cmocka_unit_test(saving),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

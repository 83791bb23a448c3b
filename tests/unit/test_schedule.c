/* schedule-*: the periods of scheduled reports (report/schedule.c, issue
** #22 item 2) with exact instants written out, and the attachment part of
** an outgoing mail (notify/mime.c).
**   1.x  monthly: the first working day (weekend and holiday skipped) at
**        HH:MM WIB, for the month before; before it, the month before that
**   2.x  weekly: ISO weekday at HH:MM WIB for the ISO week before, across
**        a year's end
**   3.x  due: inactive, before the subscription was made
**   4.x  a file attached as base64 under multipart/mixed; the extra
**        recipients' address list (core/addrlist.c)
** Calendar: WIB, Monday to Friday, holiday 1 January 2027. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "core/addrlist.h"
#include "core/arena.h"
#include "core/bizcal.h"
#include "notify/mime.h"
#include "report/schedule.h"
#include "store/subscription.h"

static int32_t hol[1];

static struct bizcal cal(void)
{
    struct bizcal c;
    struct err e = {0};
    assert_int_equal(bizcal_init(&c, 420, "1,2,3,4,5", "08:00", "16:00", &e), 0);
    hol[0] = bizcal_day("2027-01-01");
    c.holidays = hol;
    c.n_holidays = 1;
    return c;
}

/* y-m-d hh:mm WIB as unix seconds */
static int64_t wib(int y, int m, int d, int hh, int mm)
{
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = hh,
                    .tm_min = mm};
    return (int64_t)timegm(&tm) - 7 * 3600;
}

static struct report_subscription sub(const char *cadence, int weekday, int at_minute)
{
    return (struct report_subscription){.id = 1, .cadence = cadence, .weekday = weekday,
                                        .at_minute = at_minute, .active = true,
                                        .created_at = wib(2026, 1, 1, 0, 0)};
}

static void schedule_1_1_monthly(void **state)
{
    (void)state;
    struct bizcal c = cal();
    struct report_subscription s = sub("monthly", 1, 7 * 60);
    struct sched_period p;
    /* 1 Dec 2026 is a Tuesday: sent that day at 07:00 for November */
    assert_true(report_schedule_due(&s, &c, wib(2026, 12, 1, 7, 0), &p));
    assert_string_equal(p.key, "2026-11");
    assert_string_equal(p.query, "month=2026-11");
    assert_string_equal(p.label, "November 2026");
    assert_int_equal(p.send_at, wib(2026, 12, 1, 7, 0));
    /* a minute before: October's send (1 Nov 2026 is a Sunday, so Monday 2 Nov) */
    assert_true(report_schedule_due(&s, &c, wib(2026, 12, 1, 6, 59), &p));
    assert_string_equal(p.key, "2026-10");
    assert_int_equal(p.send_at, wib(2026, 11, 2, 7, 0));
}

static void schedule_1_2_holiday(void **state)
{
    (void)state;
    struct bizcal c = cal();
    struct report_subscription s = sub("monthly", 1, 7 * 60);
    struct sched_period p;
    /* 1 Jan 2027 a holiday (Friday), 2-3 the weekend: Monday 4 January */
    report_schedule_latest(&s, &c, wib(2027, 1, 1, 9, 0), &p);
    assert_string_equal(p.key, "2026-11");
    report_schedule_latest(&s, &c, wib(2027, 1, 4, 7, 0), &p);
    assert_string_equal(p.key, "2026-12");
    assert_string_equal(p.label, "Desember 2026");
    assert_int_equal(p.send_at, wib(2027, 1, 4, 7, 0));
}

static void schedule_2_1_weekly(void **state)
{
    (void)state;
    struct bizcal c = cal();
    struct report_subscription s = sub("weekly", 5, 6 * 60 + 30); /* Fridays 06:30 */
    struct sched_period p;
    report_schedule_latest(&s, &c, wib(2027, 1, 1, 6, 30), &p);
    assert_string_equal(p.key, "2026-W52");
    assert_string_equal(p.query, "from=2026-12-21&to=2026-12-27");
    assert_int_equal(p.send_at, wib(2027, 1, 1, 6, 30));
    /* Thursday 7 January: still last Friday's */
    report_schedule_latest(&s, &c, wib(2027, 1, 7, 23, 0), &p);
    assert_string_equal(p.key, "2026-W52");
    /* Friday 8 January: ISO week 2026-W53 (28 Dec - 3 Jan) */
    report_schedule_latest(&s, &c, wib(2027, 1, 8, 6, 30), &p);
    assert_string_equal(p.key, "2026-W53");
    assert_string_equal(p.query, "from=2026-12-28&to=2027-01-03");
    assert_string_equal(p.label, "28 Desember 2026 s.d. 3 Januari 2027");
}

static void schedule_3_1_due(void **state)
{
    (void)state;
    struct bizcal c = cal();
    struct report_subscription s = sub("monthly", 1, 7 * 60);
    struct sched_period p;
    s.active = false;
    assert_false(report_schedule_due(&s, &c, wib(2026, 12, 1, 8, 0), &p));
    s.active = true;
    /* made after 1 December's send: nothing until January */
    s.created_at = wib(2026, 12, 7, 14, 0);
    assert_false(report_schedule_due(&s, &c, wib(2026, 12, 31, 23, 0), &p));
    assert_true(report_schedule_due(&s, &c, wib(2027, 1, 4, 7, 0), &p));
    assert_string_equal(p.key, "2026-12");
}

static void schedule_4_1_attachment(void **state)
{
    (void)state;
    static const unsigned char pdf[] = "%PDF-1.5\n\x01\x02\xff";
    struct mail_msg m = {.from_addr = "helpdesk@loket.test", .to_addr = "leader@demo.test",
                         .subject = "Rekap bulanan", .text = "Terlampir.", .html = "<p>x</p>",
                         .message_id = "<loket.7@loket.test>", .date = 0, .file = pdf,
                         .file_len = sizeof pdf - 1, .file_name = "laporan-recap-2026-11.pdf",
                         .file_type = "application/pdf"};
    size_t len = 0;
    char *msg = mime_build(&m, &len);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "Content-Type: multipart/mixed;"));
    assert_non_null(strstr(msg, "Content-Type: application/pdf; name=\"laporan-recap-2026-11.pdf\""));
    assert_non_null(strstr(msg, "Content-Disposition: attachment; filename=\"laporan-recap-2026-11.pdf\""));
    assert_non_null(strstr(msg, "JVBERi0xLjUKAQL/")); /* base64 of the bytes */
    free(msg);
    /* a name that would break the header is refused */
    m.file_name = "a\"b.pdf";
    assert_null(mime_build(&m, &len));
}

static void schedule_4_2_addresses(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    const char *out[3];
    assert_int_equal(addrlist_parse(a, "", out, 3), 0);
    assert_int_equal(addrlist_parse(a, " kabid@pemda.go.id,sekretariat@pemda.go.id ,", out, 3), 2);
    assert_string_equal(out[0], "kabid@pemda.go.id");
    assert_string_equal(out[1], "sekretariat@pemda.go.id");
    assert_int_equal(addrlist_parse(a, "a@b, c@d, e@f, g@h", out, 3), -1); /* too many */
    assert_int_equal(addrlist_parse(a, "Kabid <kabid@pemda.go.id>", out, 3), -1);
    assert_int_equal(addrlist_parse(a, "a@@b", out, 3), -1);
    assert_int_equal(addrlist_parse(a, "@b", out, 3), -1);
    assert_int_equal(addrlist_parse(a, "a@b\r\nBcc: x@y", out, 3), -1);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(schedule_1_1_monthly),
        cmocka_unit_test(schedule_1_2_holiday),
        cmocka_unit_test(schedule_2_1_weekly),
        cmocka_unit_test(schedule_3_1_due),
        cmocka_unit_test(schedule_4_1_attachment),
        cmocka_unit_test(schedule_4_2_addresses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

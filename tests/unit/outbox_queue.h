/* The store's outbox queue (claim, finish, expire, unclaim, resend; email
** rows only, no row claimed twice) and mail template overrides, shared by
** the SQLite test (test_notify.c, notify-4 and notify-5) and the
** PostgreSQL one (test_pg_outbox.c), each on a fresh database. */
#ifndef LOKET_TEST_OUTBOX_QUEUE_H
#define LOKET_TEST_OUTBOX_QUEUE_H

#include "core/arena.h"
#include "notify/templates.h"
#include "store/store.h"

static const char *status_of(struct db *db, struct arena *a, int64_t id, int *attempts)
{
    struct outbox_row o;
    struct err e = {0};
    assert_int_equal(db_outbox_get(db, id, a, &o, &e), 0);
    if (attempts)
        *attempts = o.attempts;
    return o.status;
}

/* On an empty outbox whose ids start at 1. */
static void outbox_queue_check(struct db *db, struct arena *a)
{
    struct err e = {0};
    const int64_t now = 1000000;
    const char *channels[3] = {"email", "whatsapp", "email"};
    for (int i = 0; i < 3; i++) {
        struct outbox_row o = {.recipient = "a@b.test", .channel = channels[i],
                               .template_key = "ticket_created", .vars = "{}",
                               .created_at = now - 10};
        assert_int_equal(db_outbox_add(db, &o, &e), 0);
    }
    struct outbox_row *rows;
    size_t n;
    /* Claims take due email rows only, once. */
    assert_int_equal(db_outbox_claim(db, "email", now, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, 1);
    assert_int_equal(rows[1].id, 3);
    assert_string_equal(rows[0].status, "sending");
    assert_int_equal(rows[0].attempts, 1);
    assert_int_equal(rows[0].claimed_at, now);
    assert_int_equal(db_outbox_claim(db, "email", now, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_string_equal(status_of(db, a, 2, NULL), "pending"); /* WhatsApp's, not ours */

    /* Finish: sent, and a retry later. */
    assert_int_equal(db_outbox_finish(db, 1, "sent", 0, NULL, now, &e), 0);
    assert_int_equal(db_outbox_finish(db, 3, "pending", now + 60, "down", now, &e), 0);
    assert_int_equal(db_outbox_claim(db, "email", now + 59, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(db_outbox_claim(db, "email", now + 60, 1, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, 3);
    assert_int_equal(rows[0].attempts, 2);
    assert_string_equal(rows[0].last_error, "down");

    /* A claim older than the lease: failed, never pending again. */
    int expired = -1;
    assert_int_equal(db_outbox_expire_claims(db, "email", now + 60, "x", &expired, &e), 0);
    assert_int_equal(expired, 0); /* claimed at now + 60: still fresh */
    assert_int_equal(db_outbox_expire_claims(db, "email", now + 61, "interrupted",
                                             &expired, &e), 0);
    assert_int_equal(expired, 1);
    assert_string_equal(status_of(db, a, 3, NULL), "failed");
    /* A late finish from the dead worker cannot revive it. */
    assert_int_equal(db_outbox_finish(db, 3, "sent", 0, NULL, now, &e), 0);
    assert_string_equal(status_of(db, a, 3, NULL), "failed");

    /* Unclaim: back to pending, the attempt not counted; only a claimed row. */
    assert_int_equal(db_outbox_claim(db, "email", now, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 0);
    struct outbox_row extra = {.recipient = "c@d.test", .channel = "email",
                               .template_key = "ticket_created", .vars = "{}",
                               .created_at = now};
    assert_int_equal(db_outbox_add(db, &extra, &e), 0);
    assert_int_equal(db_outbox_claim(db, "email", now, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, 4);
    assert_int_equal(db_outbox_unclaim(db, 4, &e), 0);
    int att = -1;
    assert_string_equal(status_of(db, a, 4, &att), "pending");
    assert_int_equal(att, 0);
    assert_int_equal(db_outbox_unclaim(db, 1, &e), 0); /* sent: untouched */
    assert_string_equal(status_of(db, a, 1, NULL), "sent");
    assert_int_equal(db_outbox_claim(db, "email", now, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(db_outbox_finish(db, 4, "sent", 0, NULL, now, &e), 0);

    /* Resend: failed rows only. */
    assert_int_equal(db_outbox_resend(db, 1, now, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "outbox.not_failed");
    assert_int_equal(db_outbox_resend(db, 99, now, &e), ERR_NOT_FOUND);
    int attempts = -1;
    assert_int_equal(db_outbox_resend(db, 3, now + 100, &e), 0);
    assert_string_equal(status_of(db, a, 3, &attempts), "pending");
    assert_int_equal(attempts, 0);
    assert_int_equal(db_outbox_claim(db, "email", now + 100, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
}

/* With no override saved yet. */
static void template_overrides_check(struct db *db, struct arena *a)
{
    struct err e = {0};
    struct mail_template t;
    bool custom = true;
    assert_int_equal(mail_template_resolve(db, "ticket_created", "en", a, &t, &custom, &e), 0);
    assert_false(custom);
    assert_string_equal(t.subject, "{{app_name}} New Ticket Created: {{ticket_number}}");
    /* Unknown languages fall back to Indonesian; unknown keys are errors. */
    assert_int_equal(mail_template_resolve(db, "ticket_created", "fr", a, &t, &custom, &e), 0);
    assert_string_equal(t.locale, "id");
    assert_int_equal(mail_template_resolve(db, "nope", "id", a, &t, &custom, &e),
                     ERR_NOT_FOUND);

    struct mail_template_row row = {.key = "ticket_created", .locale = "en", .subject = "S",
                                    .text = "T", .html = "H", .updated_at = 5, .updated_by = 0};
    assert_int_equal(db_mail_template_put(db, &row, &e), 0);
    assert_int_equal(mail_template_resolve(db, "ticket_created", "en", a, &t, &custom, &e), 0);
    assert_true(custom);
    assert_string_equal(t.subject, "S");
    struct mail_template_row *items;
    size_t n;
    assert_int_equal(db_mail_template_list(db, a, &items, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].updated_at, 5);
    assert_int_equal(db_mail_template_delete(db, "ticket_created", "en", &e), 0);
    assert_int_equal(mail_template_resolve(db, "ticket_created", "en", a, &t, &custom, &e), 0);
    assert_false(custom);
}

#endif

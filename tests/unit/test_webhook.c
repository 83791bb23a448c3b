/* webhook-*: outbound webhooks' pure parts (issue #22 item 3).
**   1.x  the signature receivers recompute (notify/webhook_sign.c)
**   2.x  the event-kind list (core/webhook_kinds.c)
**   3.x  which timeline rows reach a webhook, internal ones only by choice
**   4.x  endpoint URLs: http(s), a host, no credentials
**   5.x  the store: subscribers, one endpoint's deliveries claimed in order,
**        retries holding the later ones, failures letting them go, prune */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "core/webhook_kinds.h"
#include "notify/webhook_sign.h"
#include "store/webhook.h"

#define DEMO_STORE_FIXTURE "webhook"
#include "demo_store.h"

static void signing(void **s)
{
    (void)s;
    char sig[WEBHOOK_SIG_LEN];
    /* 1.1 the value docs/webhooks.md's Python recomputes (hmac.new(...).hexdigest()) */
    const char *body = "{\"event\":\"ping\"}";
    webhook_sign("whsec_test", 1700000000, body, strlen(body), sig);
    assert_string_equal(sig, "sha256=aa8efe37b751e71157c508c5ac4acb1e9fe5225db98355dfc00f4b680afbc447");
    /* 1.2 a key longer than the hash's block and an empty body */
    char key[101];
    memset(key, 'k', 100);
    key[100] = '\0';
    webhook_sign(key, 0, "", 0, sig);
    assert_string_equal(sig, "sha256=243c2f8200e1d4ee892e7a7ded377a65e2beb1c64b997c54b8b0f516216d4b0f");
    /* 1.3 the timestamp is signed: another one, another signature */
    char sig2[WEBHOOK_SIG_LEN];
    webhook_sign("whsec_test", 1700000001, body, strlen(body), sig2);
    assert_string_not_equal(sig, sig2);
    /* 1.4 generated secrets: whsec_ and 64 hex digits, never twice the same */
    char s1[80], s2[80];
    webhook_secret_new(s1, sizeof s1);
    webhook_secret_new(s2, sizeof s2);
    assert_int_equal(strlen(s1), 70);
    assert_memory_equal(s1, "whsec_", 6);
    assert_int_equal(strspn(s1 + 6, "0123456789abcdef"), 64);
    assert_string_not_equal(s1, s2);
}

static void kinds(void **s)
{
    (void)s;
    unsigned m = 0;
    char out[512];
    /* 2.1 names, blanks around them, a repeat counted once; canonical order back */
    assert_int_equal(webhook_kinds_parse(" ticket.rated ,ticket.created,ticket.rated", &m), 0);
    assert_int_equal(m, (1u << 0) | (1u << 5));
    size_t len = webhook_kinds_format(m, out, sizeof out);
    assert_int_equal(len, strlen(out));
    assert_string_equal(out, "ticket.created,ticket.rated");
    /* 2.2 refused: unknown, empty list, empty name, trailing comma, a prefix */
    const char *bad[] = {"ticket.nope", "", " ", "ticket.created,", ",ticket.created",
                         "ticket.created,,ticket.rated", "ticket.create", "ticket.createdx",
                         "TICKET.CREATED"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(webhook_kinds_parse(bad[i], &m), -1);
    /* 2.3 every kind round-trips */
    unsigned all = (1u << WEBHOOK_KIND_COUNT) - 1;
    webhook_kinds_format(all, out, sizeof out);
    assert_int_equal(webhook_kinds_parse(out, &m), 0);
    assert_int_equal(m, all);
    /* 2.4 too small a buffer: nothing rather than a cut list; the length needed */
    char tiny[10];
    size_t need = webhook_kinds_format(all, tiny, sizeof tiny);
    assert_string_equal(tiny, "");
    assert_int_equal(need, strlen(out));
    assert_null(webhook_kind_name(WEBHOOK_KIND_COUNT));
    assert_int_equal(webhook_kind_find("ticket.merged", 13), 7);
}

static void events(void **s)
{
    (void)s;
    /* 3.1 public rows */
    assert_string_equal(webhook_kind_for_event("created", false), "ticket.created");
    assert_string_equal(webhook_kind_for_event("status", false), "ticket.status_changed");
    assert_string_equal(webhook_kind_for_event("comment", false), "ticket.commented");
    assert_string_equal(webhook_kind_for_event("rating", false), "ticket.rated");
    assert_string_equal(webhook_kind_for_event("tags", false), "ticket.updated");
    /* 3.2 internal rows: a note or an escalation's reason only as internal_note;
    ** an internal file, or anything else internal, never */
    assert_string_equal(webhook_kind_for_event("note", true), "ticket.internal_note");
    assert_string_equal(webhook_kind_for_event("escalation_reason", true),
                        "ticket.internal_note");
    assert_null(webhook_kind_for_event("attachment", true));
    assert_null(webhook_kind_for_event("comment", true));
    /* 3.3 rows no kind covers */
    assert_null(webhook_kind_for_event("channel", false));
    assert_null(webhook_kind_for_event(NULL, false));
}

static void urls(void **s)
{
    (void)s;
    assert_int_equal(webhook_url_check("https://hooks.example.go.id/loket"), WHURL_OK);
    assert_int_equal(webhook_url_check("http://127.0.0.1:8080/x?y=1#z"), WHURL_OK);
    assert_int_equal(webhook_url_check("HTTPS://[::1]:9/"), WHURL_OK);
    assert_int_equal(webhook_url_check("ftp://host/x"), WHURL_SCHEME);
    assert_int_equal(webhook_url_check("javascript:alert(1)"), WHURL_SCHEME);
    assert_int_equal(webhook_url_check("https://user:pw@host/x"), WHURL_CREDENTIALS);
    assert_int_equal(webhook_url_check("https://token@host/x"), WHURL_CREDENTIALS);
    /* an '@' after the host is a path, not credentials */
    assert_int_equal(webhook_url_check("https://host/a@b"), WHURL_OK);
    assert_int_equal(webhook_url_check("https:///x"), WHURL_HOST);
    assert_int_equal(webhook_url_check("https://:80/x"), WHURL_HOST);
    assert_int_equal(webhook_url_check("https://[::1/x"), WHURL_HOST);
    assert_int_equal(webhook_url_check("https://host/a b"), WHURL_CHARS);
    assert_int_equal(webhook_url_check("https://host/\r\nX-Evil: 1"), WHURL_CHARS);
    char lng[WEBHOOK_URL_MAX + 20] = "https://h/";
    memset(lng + 10, 'a', WEBHOOK_URL_MAX);
    lng[WEBHOOK_URL_MAX + 10] = '\0';
    assert_int_equal(webhook_url_check(lng), WHURL_LONG);
}

static int64_t add_hook(const char *events, bool enabled)
{
    struct err e = {0};
    struct webhook_row w = {.url = "http://127.0.0.1:9/", .events = events, .secret = "s",
                            .enabled = enabled, .created_at = 100};
    assert_int_equal(db_webhook_save(db, &w, &e), 0);
    return w.id;
}

static int64_t add_delivery(int64_t hook, int64_t at)
{
    struct err e = {0};
    struct webhook_delivery d = {.webhook_id = hook, .event = "ticket.created",
                                 .payload = "{}", .created_at = at};
    assert_int_equal(db_webhook_delivery_add(db, &d, &e), 0);
    return d.id;
}

/* The ids one claim at `now` returns, in order, into ids; their count. */
static size_t claim(int64_t now, int64_t *ids)
{
    struct err e = {0};
    struct webhook_delivery *rows;
    size_t n = 0;
    assert_int_equal(db_webhook_claim(db, now, 50, a, &rows, &n, &e), 0);
    for (size_t i = 0; i < n; i++)
        ids[i] = rows[i].id;
    return n;
}

static void store_queue(void **s)
{
    (void)s;
    struct err e = {0};
    int64_t h1 = add_hook("ticket.created,ticket.rated", true);
    int64_t h2 = add_hook("ticket.created", true);
    int64_t off = add_hook("ticket.created", false);
    /* 5.1 subscribers: enabled endpoints of that kind only, by exact name */
    int64_t ids[50];
    size_t n = 0;
    assert_int_equal(db_webhook_subscribers(db, "ticket.created", ids, 50, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], h1);
    assert_int_equal(ids[1], h2);
    assert_int_equal(db_webhook_subscribers(db, "ticket.rate", ids, 50, &n, &e), 0);
    assert_int_equal(n, 0);
    /* 5.2 one head per endpoint, oldest first; a disabled endpoint's none */
    int64_t a1 = add_delivery(h1, 1000), a2 = add_delivery(h1, 1000), a3 = add_delivery(h1, 1000);
    int64_t b1 = add_delivery(h2, 1000);
    add_delivery(off, 1000);
    int64_t got[50];
    assert_int_equal(claim(1000, got), 2);
    assert_int_equal(got[0], a1);
    assert_int_equal(got[1], b1);
    /* 5.3 while a1 is sending, nothing more of h1 */
    assert_int_equal(claim(1000, got), 0);
    /* 5.4 a1 fails for now and waits until 1010: a2 still waits behind it */
    assert_int_equal(db_webhook_finish(db, a1, "pending", 1010, 500, "boom", "HTTP 500", 1001,
                                       &e), 0);
    assert_int_equal(db_webhook_finish(db, b1, "delivered", 0, 204, "", NULL, 1001, &e), 0);
    assert_int_equal(claim(1005, got), 0);
    assert_int_equal(claim(1010, got), 1);
    assert_int_equal(got[0], a1);
    struct webhook_delivery d;
    assert_int_equal(db_webhook_delivery_get(db, a1, a, &d, &e), 0);
    assert_int_equal(d.attempts, 2);
    assert_string_equal(d.status, "sending");
    /* 5.5 it fails for good: the next one goes */
    assert_int_equal(db_webhook_finish(db, a1, "failed", 0, 500, "boom", "HTTP 500", 1011, &e), 0);
    assert_int_equal(claim(1011, got), 1);
    assert_int_equal(got[0], a2);
    /* 5.6 a stop cuts it off: abandon puts it back, claimed again first */
    int k = 0;
    assert_int_equal(db_webhook_abandon(db, &k, &e), 0);
    assert_int_equal(k, 1);
    assert_int_equal(claim(1012, got), 1);
    assert_int_equal(got[0], a2);
    assert_int_equal(db_webhook_finish(db, a2, "delivered", 0, 200, "ok", NULL, 1013, &e), 0);
    /* 5.7 the endpoint shows its latest answer */
    struct webhook_row w;
    assert_int_equal(db_webhook_get(db, h1, a, &w, &e), 0);
    assert_int_equal(w.last_status, 200);
    assert_string_equal(w.last_response, "ok");
    assert_int_equal(w.last_at, 1013);
    /* 5.8 prune: finished rows before the time go, unfinished ones stay */
    assert_int_equal(db_webhook_prune(db, 1012, &k, &e), 0);
    assert_int_equal(k, 2); /* a1 (failed at 1011), b1 (delivered at 1001) */
    assert_int_equal(db_webhook_delivery_get(db, a1, a, &d, &e), ERR_NOT_FOUND);
    assert_int_equal(db_webhook_delivery_get(db, a2, a, &d, &e), 0);
    assert_int_equal(db_webhook_delivery_get(db, a3, a, &d, &e), 0);
    assert_string_equal(d.status, "pending");
    /* 5.9 delete takes the deliveries with it */
    assert_int_equal(db_webhook_delete(db, h1, &e), 0);
    assert_int_equal(db_webhook_delivery_get(db, a3, a, &d, &e), ERR_NOT_FOUND);
    assert_int_equal(db_webhook_delete(db, h1, &e), ERR_NOT_FOUND);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(signing),
        cmocka_unit_test(kinds),
        cmocka_unit_test(events),
        cmocka_unit_test(urls),
        cmocka_unit_test(store_queue),
    };
    return cmocka_run_group_tests(tests, demo_setup, demo_teardown);
}

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
#include "webhook_queue.h"

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

static void store_queue(void **s)
{
    (void)s;
    webhook_queue_check();
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

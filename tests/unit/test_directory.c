/* dir-*: the office directory's text rules of auth/directory_map.c (issue
** #22 item 5): a login escaped into an LDAP filter (RFC 4515) or a DN (RFC
** 4514) cannot add a wildcard, a sub-filter or an RDN; "%s" templates; the
** ldap_group_map parser and the first-match group lookup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "auth/directory_map.h"

static void dir_1_filter_escape(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"budi", "budi"},
        {"*)(uid=*", "\\2a\\29\\28uid=\\2a"},
        {"budi)(|(uid=*", "budi\\29\\28|\\28uid=\\2a"},
        {"a\\b", "a\\5cb"},
        {"x\x01y", "x\\01y"},
        {"Budi.Santoso@kantor.go.id", "Budi.Santoso@kantor.go.id"},
        {"sé", "sé"}, /* UTF-8 stays as it is */
        {"", ""},
    };
    char out[128];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = dir_filter_escape(cases[i].in, out, sizeof out);
        assert_string_equal(out, cases[i].out);
        assert_int_equal(n, strlen(cases[i].out));
    }
    /* truncated output is terminated and the needed length still reported */
    char small[4];
    assert_int_equal(dir_filter_escape("****", small, sizeof small), 12);
    assert_int_equal(strlen(small), 3);
    /* the filter a login makes has exactly one assertion */
    char esc[128], filter[256];
    dir_filter_escape("*)(uid=*", esc, sizeof esc);
    dir_format("(uid=%s)", esc, filter, sizeof filter);
    assert_string_equal(filter, "(uid=\\2a\\29\\28uid=\\2a)");
}

static void dir_2_dn_escape(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"budi", "budi"},
        {"budi,ou=admins", "budi\\2cou\\3dadmins"},
        {" budi ", "\\20budi\\20"},
        {"#1", "\\231"},
        {"a+b\"c<d>e;f\\g", "a\\2bb\\22c\\3cd\\3ee\\3bf\\5cg"},
        {"a b", "a b"},
    };
    char out[128];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(dir_dn_escape(cases[i].in, out, sizeof out), strlen(cases[i].out));
        assert_string_equal(out, cases[i].out);
    }
}

static void dir_3_format(void **state)
{
    (void)state;
    char out[128];
    assert_int_equal(dir_format("(|(uid=%s)(mail=%s))", "x", out, sizeof out), 18);
    assert_string_equal(out, "(|(uid=x)(mail=x))");
    dir_format("100%% %d %s", "y", out, sizeof out);
    assert_string_equal(out, "100% %d y");
    dir_format("trailing %", "y", out, sizeof out);
    assert_string_equal(out, "trailing %");
}

static void dir_4_map_parse(void **state)
{
    (void)state;
    struct dir_map m;
    char why[256];
    assert_int_equal(dir_map_parse("ldap_group_map", "", &m, why, sizeof why), 0);
    assert_int_equal(m.n, 0);
    assert_int_equal(dir_map_parse("ldap_group_map", " cn=Admins,ou=groups,dc=x,dc=y => admin ; Helpdesk-L2 => "
                                   "agent:2@3;Pimpinan=>leader; staf => agent ; ;",
                                   &m, why, sizeof why),
                     0);
    assert_int_equal(m.n, 4);
    assert_string_equal(m.e[0].group, "cn=Admins,ou=groups,dc=x,dc=y");
    assert_string_equal(m.e[0].role, "admin");
    assert_int_equal(m.e[0].tier, 0);
    assert_string_equal(m.e[1].group, "Helpdesk-L2");
    assert_string_equal(m.e[1].role, "agent");
    assert_int_equal(m.e[1].tier, 2);
    assert_int_equal(m.e[1].unit_id, 3);
    assert_string_equal(m.e[2].role, "leader");
    assert_int_equal(m.e[3].tier, 1); /* an agent without a tier is tier 1 */
    static const char *const bad[] = {
        "helpdesk",              /* no => */
        " => admin",             /* no group */
        "x => boss",             /* unknown role */
        "x => agent:3",          /* tier 3 is a vendor's, not a directory group's */
        "x => agent:2",          /* tier 2 needs a unit */
        "x => leader:1",         /* only agents have a tier */
        "x => admin@",           /* unit not a number */
        "x => admin@-1",
        "x => admin@3x",
        "a => admin; b",         /* the second entry */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(dir_map_parse("ldap_group_map", bad[i], &m, why, sizeof why), -1);
        assert_non_null(strstr(why, "ldap_group_map entry"));
    }
    assert_non_null(strstr(why, "entry 2"));
    char many[4096] = "";
    for (int i = 0; i < DIR_MAP_MAX + 1; i++)
        snprintf(many + strlen(many), sizeof many - strlen(many), "g%d => admin;", i);
    assert_int_equal(dir_map_parse("ldap_group_map", many, &m, why, sizeof why), -1);
}

static void dir_5_map_match(void **state)
{
    (void)state;
    struct dir_map m;
    char why[256];
    assert_int_equal(dir_map_parse("ldap_group_map", "cn=admins,ou=groups,dc=x => admin; helpdesk => agent; "
                                   "pegawai => requester",
                                   &m, why, sizeof why),
                     0);
    const char *budi[] = {"cn=pegawai,ou=groups,dc=x", "CN=Helpdesk,OU=Groups,DC=x"};
    const struct dir_map_entry *e = dir_map_match(&m, budi, 2);
    assert_non_null(e);
    assert_string_equal(e->role, "agent"); /* the map's order decides, not the user's */
    const char *siti[] = {"cn=helpdesk,ou=groups,dc=x", "CN=Admins,OU=Groups,DC=x"};
    assert_string_equal(dir_map_match(&m, siti, 2)->role, "admin");
    const char *joko[] = {"cn=helpdesk2,ou=groups,dc=x", "cn=help,ou=desk", "helpdesk"};
    assert_null(dir_map_match(&m, joko, 2)); /* a prefix is not the name */
    /* a bare name is compared with the first RDN's value only */
    assert_string_equal(dir_map_match(&m, joko + 2, 1)->role, "agent");
    const char *dnval[] = {"cn=ou\\,helpdesk,dc=x"};
    assert_null(dir_map_match(&m, dnval, 1));
    assert_null(dir_map_match(&m, NULL, 0));
    /* "*" is everyone, even with no groups, but only where it stands */
    assert_int_equal(dir_map_parse("oidc_role_map", "loket-admin => admin; * => agent:2@4; "
                                   "pegawai => leader",
                                   &m, why, sizeof why),
                     0);
    const char *admin[] = {"loket-admin"}, *staff[] = {"pegawai"};
    assert_string_equal(dir_map_match(&m, admin, 1)->role, "admin");
    e = dir_map_match(&m, staff, 1);
    assert_string_equal(e->role, "agent");
    assert_int_equal(e->tier, 2);
    assert_int_equal(e->unit_id, 4);
    assert_string_equal(dir_map_match(&m, NULL, 0)->role, "agent");
    /* the same rules, named after the setting at fault */
    assert_int_equal(dir_map_parse("oidc_role_map", "* => agent:2", &m, why, sizeof why), -1);
    assert_string_equal(why, "oidc_role_map entry 1: a tier 2 agent needs a unit (@UNIT_ID)");
    assert_int_equal(dir_map_parse("oidc_role_map", "*=requester", &m, why, sizeof why), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dir_1_filter_escape), cmocka_unit_test(dir_2_dn_escape),
        cmocka_unit_test(dir_3_format),        cmocka_unit_test(dir_4_map_parse),
        cmocka_unit_test(dir_5_map_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

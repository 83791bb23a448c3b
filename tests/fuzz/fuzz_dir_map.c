/* libFuzzer target for the office directory's text rules (issue #22 item
** 5, src/auth/directory_map.c): any bytes as an ldap_group_map value, as a
** login escaped into a filter or a DN, and as a group DN to match. What is
** accepted must keep the parser's promises (a group, a known role, a tier
** only for agents and 1..2, tier 2 with a unit); an escaped login must hold
** no bare filter or DN metacharacter and report its exact length. Built and
** run by tests/fuzz/meson.build from tests/fuzz/corpus/dir_map. */
#include "auth/directory_map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_escape(const char *text, bool dn)
{
    char small[8], big[4096];
    size_t need = dn ? dir_dn_escape(text, big, sizeof big) : dir_filter_escape(text, big, sizeof big);
    size_t cut = dn ? dir_dn_escape(text, small, sizeof small)
                    : dir_filter_escape(text, small, sizeof small);
    if (need != cut || strlen(small) >= sizeof small)
        abort();
    if (need >= sizeof big)
        return;
    if (strlen(big) != need)
        abort();
    for (size_t i = 0; big[i]; i++) {
        if (big[i] == '\\') { /* every escape is \XX with two hex digits */
            if (!strchr("0123456789abcdef", big[i + 1]) || !big[i + 1] ||
                !strchr("0123456789abcdef", big[i + 2]) || !big[i + 2])
                abort();
            i += 2;
            continue;
        }
        if (strchr(dn ? ",+\"<>;=" : "*()", big[i]) || (unsigned char)big[i] < 0x20)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    static struct dir_map m;
    char why[256];
    if (dir_map_parse("ldap_group_map", text, &m, why, sizeof why) == 0) {
        if (m.n > DIR_MAP_MAX)
            abort();
        for (size_t i = 0; i < m.n; i++) {
            const struct dir_map_entry *e = &m.e[i];
            bool agent = !strcmp(e->role, "agent");
            if (!e->group[0] || (!agent && strcmp(e->role, "admin") && strcmp(e->role, "leader") &&
                                 strcmp(e->role, "requester")))
                abort();
            if (agent != (e->tier != 0) || e->tier < 0 || e->tier > 2 ||
                (e->tier == 2 && e->unit_id <= 0) || e->unit_id < 0)
                abort();
        }
        const char *groups[] = {text};
        const struct dir_map_entry *hit = dir_map_match(&m, groups, 1);
        if (hit && (hit < m.e || hit >= m.e + m.n))
            abort();
    } else if (!why[0]) {
        abort();
    }
    check_escape(text, false);
    check_escape(text, true);
    char out[512];
    size_t need = dir_format(text, "x", out, sizeof out);
    if (need < sizeof out && strlen(out) != need)
        abort();
    free(text);
    return 0;
}

/* Client addresses behind trusted proxies (see netaddr.h). */
#include "core/netaddr.h"
#include "core/die.h"
#include "core/err.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Text to a normalised address; accepts "[v6]" and "[v6]:port" and
** "a.b.c.d:port" as proxies write them. */
static bool parse_addr(const char *s, size_t len, struct net_cidr *out)
{
    char buf[64];
    while (len && isspace((unsigned char)*s))
        s++, len--;
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = 0;
    char *a = buf;
    if (*a == '[') {
        char *close = strchr(a, ']');
        if (!close)
            return false;
        *close = 0;
        a++;
    } else {
        char *colon = strchr(a, ':');
        if (colon && !strchr(colon + 1, ':') && strchr(a, '.'))
            *colon = 0; /* a.b.c.d:port */
    }
    memset(out, 0, sizeof *out);
    if (inet_pton(AF_INET, a, out->addr) == 1) {
        out->family = AF_INET;
        out->bits = 32;
        return true;
    }
    if (inet_pton(AF_INET6, a, out->addr) != 1)
        return false;
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (memcmp(out->addr, mapped, 12) == 0) {
        memmove(out->addr, out->addr + 12, 4);
        memset(out->addr + 4, 0, 12);
        out->family = AF_INET;
        out->bits = 32;
        return true;
    }
    out->family = AF_INET6;
    out->bits = 128;
    return true;
}

static bool in_net(const struct net_cidr *net, const struct net_cidr *a)
{
    if (net->family != a->family)
        return false;
    int full = net->bits / 8, rest = net->bits % 8;
    if (memcmp(net->addr, a->addr, (size_t)full) != 0)
        return false;
    if (!rest)
        return true;
    unsigned char m = (unsigned char)(0xff << (8 - rest));
    return (net->addr[full] & m) == (a->addr[full] & m);
}

static bool list_has(const struct net_list *l, const struct net_cidr *a)
{
    for (size_t i = 0; l && i < l->n; i++)
        if (in_net(&l->v[i], a))
            return true;
    return false;
}

int net_list_parse(const char *spec, struct net_list *out, struct err *err)
{
    out->v = NULL;
    out->n = 0;
    for (const char *p = spec ? spec : ""; *p;) {
        size_t len = strcspn(p, ", \t");
        if (len == 0) {
            p++;
            continue;
        }
        struct net_cidr c;
        const char *slash = memchr(p, '/', len);
        size_t alen = slash ? (size_t)(slash - p) : len;
        bool ok = parse_addr(p, alen, &c);
        if (ok && slash) {
            char *end;
            long bits = strtol(slash + 1, &end, 10);
            ok = end == p + len && end > slash + 1 && bits >= 0 && bits <= c.bits;
            c.bits = (int)bits;
        }
        if (!ok) {
            net_list_free(out);
            return err_set(err, ERR_INVALID, "config.invalid",
                           "trusted_proxies: \"%.*s\" bukan alamat atau jaringan (CIDR)",
                           "trusted_proxies: \"%.*s\" is not an address or network (CIDR)",
                           (int)(len > 60 ? 60 : len), p);
        }
        struct net_cidr *v = realloc(out->v, (out->n + 1) * sizeof *v);
        if (!v)
            die("out of memory");
        out->v = v;
        out->v[out->n++] = c;
        p += len;
    }
    return 0;
}

void net_list_free(struct net_list *l)
{
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

bool net_list_has(const struct net_list *l, const char *ip)
{
    struct net_cidr a;
    return ip && parse_addr(ip, strlen(ip), &a) && list_has(l, &a);
}

static void show(const struct net_cidr *a, char out[NET_ADDR_MAX])
{
    if (!inet_ntop(a->family, a->addr, out, NET_ADDR_MAX))
        snprintf(out, NET_ADDR_MAX, "?");
}

void net_client_addr(const struct net_list *trusted, const char *peer, const char *xff,
                     char out[NET_ADDR_MAX])
{
    struct net_cidr hop;
    if (!peer || !parse_addr(peer, strlen(peer), &hop)) {
        snprintf(out, NET_ADDR_MAX, "%s", peer && *peer ? peer : "?");
        return;
    }
    if (xff && list_has(trusted, &hop)) {
        /* Right to left: each trusted proxy vouches for the entry left of it. */
        for (size_t end = strlen(xff); end > 0;) {
            size_t start = end;
            while (start > 0 && xff[start - 1] != ',')
                start--;
            struct net_cidr a;
            if (!parse_addr(xff + start, end - start, &a))
                break;
            hop = a;
            if (!list_has(trusted, &a))
                break;
            end = start ? start - 1 : 0;
        }
    }
    show(&hop, out);
}

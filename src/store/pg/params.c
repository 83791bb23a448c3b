/* PostgreSQL driver: statement parameters as text (pgp_*) and the readers of
** result columns (pg_int, pg_text ...). Parameters are printed into the
** caller's arena so a statement's values live as long as its request. */
#include "store/pg/pg.h"
#include "core/arena.h"
#include "core/die.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parameters ------------------------------------------------------- */

void pgp_init(struct pg_params *p, struct arena *a)
{
    p->a = a;
    p->n = 0;
}

static void put(struct pg_params *p, const char *v)
{
    if (p->n >= PG_MAX_PARAMS) /* a programming error: the SQL is static */
        die("pg: more than %d parameters", PG_MAX_PARAMS);
    p->v[p->n++] = v;
}

void pgp_text(struct pg_params *p, const char *s) { put(p, s); }

void pgp_null(struct pg_params *p) { put(p, NULL); }

void pgp_int(struct pg_params *p, int64_t v)
{
    put(p, arena_printf(p->a, "%" PRId64, v));
}

void pgp_id(struct pg_params *p, int64_t id)
{
    if (id)
        pgp_int(p, id);
    else
        put(p, NULL);
}

void pgp_double(struct pg_params *p, double v)
{
    put(p, arena_printf(p->a, "%.17g", v));
}

void pgp_bytea(struct pg_params *p, const unsigned char *b, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    char *s = arena_alloc(p->a, 2 * n + 3);
    s[0] = '\\';
    s[1] = 'x';
    for (size_t i = 0; i < n; i++) {
        s[2 + 2 * i] = hex[b[i] >> 4];
        s[3 + 2 * i] = hex[b[i] & 15];
    }
    s[2 + 2 * n] = '\0';
    put(p, s);
}

/* ---- reading results -------------------------------------------------- */

bool pg_null(const PGresult *r, int row, int col) { return PQgetisnull(r, row, col) != 0; }

int64_t pg_int(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return 0;
    return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

double pg_double(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return 0;
    return strtod(PQgetvalue(r, row, col), NULL);
}

char *pg_text(struct arena *a, const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return NULL;
    return arena_strndup(a, PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col));
}

const char *pg_raw(const PGresult *r, int row, int col)
{
    return PQgetvalue(r, row, col); /* "" for NULL (libpq's promise) */
}

static int unhex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Text results carry bytea in hex ("\x0a1b..."; bytea_output's default). */
ssize_t pg_bytea(struct arena *a, const PGresult *r, int row, int col, unsigned char **out)
{
    *out = NULL;
    if (PQgetisnull(r, row, col))
        return -1;
    const char *s = PQgetvalue(r, row, col);
    size_t len = (size_t)PQgetlength(r, row, col);
    if (len < 2 || s[0] != '\\' || s[1] != 'x') { /* escape format: let libpq decode */
        size_t n = 0;
        unsigned char *u = PQunescapeBytea((const unsigned char *)s, &n);
        if (!u)
            die("out of memory");
        *out = arena_alloc(a, n + 1);
        memcpy(*out, u, n);
        PQfreemem(u);
        return (ssize_t)n;
    }
    size_t n = (len - 2) / 2;
    unsigned char *b = arena_alloc(a, n + 1);
    for (size_t i = 0; i < n; i++) {
        int hi = unhex(s[2 + 2 * i]), lo = unhex(s[3 + 2 * i]);
        b[i] = (unsigned char)((hi < 0 ? 0 : hi) << 4 | (lo < 0 ? 0 : lo));
    }
    b[n] = 0;
    *out = b;
    return (ssize_t)n;
}

int64_t pg_first_int(const PGresult *r)
{
    if (!r || PQntuples(r) < 1 || PQnfields(r) < 1)
        return 0;
    return pg_int(r, 0, 0);
}

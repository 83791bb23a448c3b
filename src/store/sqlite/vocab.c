/* The search vocabulary: every word the ticket index holds
** (search.ticket_terms), so a search for a word can name the indexed words
** it is a prefix of instead of asking FTS5 for a prefix.
**
** Why: FTS5 answers "rapat"* by merging the whole doclist of every term
** with that prefix before it returns a row, about 20 ms for a common word
** at a million tickets, however small the page; ("rapat" OR "rapatnya")
** walks the same doclists lazily, newest first, and stops at the page.
** The indexer passes each text it indexes through loket_vocab(), which
** splits it with FTS5's own tokenizer (so the words are exactly the
** index's) and remembers the words; they are written in the indexer's
** transaction. Words of digits only are left out: ticket and phone numbers
** would make the list as long as the tickets, and a number is searched
** the old way. */
#include "store/sqlite/sqlite.h"
#include "core/arena.h"
#include "core/die.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
    TERM_MAX = 64, /* longer words are not worth listing */
    EXPAND_MAX = 16 /* a prefix of more words than this stays a prefix query */
};

struct sq_vocab {
    fts5_tokenizer tk;
    Fts5Tokenizer *inst;
    char **slot; /* open addressing, NUL-terminated words */
    size_t cap, n;
};

static uint64_t hash(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    while (n--)
        h = (h ^ (unsigned char)*p++) * 1099511628211ull;
    return h;
}

static void put(struct sq_vocab *v, const char *p, size_t n)
{
    if ((v->n + 1) * 2 > v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 1024;
        char **slot = calloc(cap, sizeof *slot);
        if (!slot)
            die("out of memory");
        for (size_t i = 0; i < v->cap; i++) {
            if (!v->slot[i])
                continue;
            size_t j = hash(v->slot[i], strlen(v->slot[i])) & (cap - 1);
            while (slot[j])
                j = (j + 1) & (cap - 1);
            slot[j] = v->slot[i];
        }
        free(v->slot);
        v->slot = slot;
        v->cap = cap;
    }
    size_t i = hash(p, n) & (v->cap - 1);
    for (; v->slot[i]; i = (i + 1) & (v->cap - 1))
        if (!strncmp(v->slot[i], p, n) && !v->slot[i][n])
            return;
    char *s = malloc(n + 1);
    if (!s)
        die("out of memory");
    memcpy(s, p, n);
    s[n] = 0;
    v->slot[i] = s;
    v->n++;
}

static int on_token(void *ctx, int flags, const char *p, int n, int start, int end)
{
    (void)flags, (void)start, (void)end;
    if (n <= 0 || n > TERM_MAX)
        return SQLITE_OK;
    for (int i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9') {
            put(ctx, p, (size_t)n);
            break;
        }
    return SQLITE_OK;
}

/* loket_vocab(text): text, unchanged; its words are remembered. */
static void vocab_fn(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    (void)argc;
    struct sq_vocab *v = sqlite3_user_data(c);
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    int n = sqlite3_value_bytes(argv[0]);
    if (text && n > 0 &&
        v->tk.xTokenize(v->inst, v, FTS5_TOKENIZE_DOCUMENT, text, n, on_token) != SQLITE_OK) {
        sqlite3_result_error(c, "loket_vocab: tokenizer failed", -1);
        return;
    }
    sqlite3_result_value(c, argv[0]);
}

/* The tokenizer ticket_fts uses (search.c FTS_TABLE), from FTS5 itself. */
struct sq_vocab *sq_vocab_new(sqlite3 *h)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    struct sq_vocab *v = calloc(1, sizeof *v);
    void *ud;
    const char *args[] = {"remove_diacritics", "2"};
    if (!v || !api || api->iVersion < 2 ||
        api->xFindTokenizer(api, "unicode61", &ud, &v->tk) != SQLITE_OK ||
        v->tk.xCreate(ud, args, 2, &v->inst) != SQLITE_OK) {
        free(v);
        return NULL;
    }
    if (sqlite3_create_function(h, "loket_vocab", 1, SQLITE_UTF8, v, vocab_fn, NULL, NULL) !=
        SQLITE_OK) {
        v->tk.xDelete(v->inst);
        free(v);
        return NULL;
    }
    return v;
}

void sq_vocab_clear(struct sq_vocab *v)
{
    for (size_t i = 0; i < v->cap; i++) {
        free(v->slot[i]);
        v->slot[i] = NULL;
    }
    v->n = 0;
}

void sq_vocab_free(struct sq_vocab *v)
{
    if (!v)
        return;
    sq_vocab_clear(v);
    free(v->slot);
    v->tk.xDelete(v->inst);
    free(v);
}

/* Inside the indexer's transaction: the words seen since the last flush. */
int sq_vocab_flush(struct sq_vocab *v, sqlite3 *h)
{
    if (!v->n)
        return SQLITE_OK;
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(h, "INSERT OR IGNORE INTO ticket_terms (term) VALUES (?)", -1,
                                &st, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < v->cap; i++) {
        if (!v->slot[i])
            continue;
        sqlite3_bind_text(st, 1, v->slot[i], -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sq_vocab_clear(v);
    return rc;
}

/* A word the vocabulary can expand: ASCII letters and digits, a letter
** among them (the tokenizer lowercases; other text keeps FTS5's prefix). */
static bool plain(const char *p, size_t n)
{
    bool letter = false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if ((c | 32) >= 'a' && (c | 32) <= 'z')
            letter = true;
        else if (c < '0' || c > '9')
            return false;
    }
    return letter && n <= TERM_MAX;
}

/* Appends the FTS5 expression for one query word: the indexed words it
** starts (none: the word itself, which matches nothing), or the prefix. */
static int expand(struct sq_db *d, struct arena *a, const char *p, size_t n, char **out,
                  struct err *err)
{
    if (!plain(p, n)) {
        *out = arena_printf(a, "%s\"%.*s\"*", *out, (int)n, p);
        return 0;
    }
    char lo[TERM_MAX + 1], hi[TERM_MAX + 1];
    for (size_t i = 0; i < n; i++)
        lo[i] = hi[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
    lo[n] = hi[n] = 0;
    hi[n - 1]++; /* [a-z0-9] + 1 stays ASCII */
    sqlite3_stmt *st = sq_prepare(d,
                                  "SELECT term FROM search.ticket_terms WHERE term >= ?1 AND "
                                  "term < ?2 ORDER BY term LIMIT ?3",
                                  err);
    if (!st)
        return err->kind;
    sqlite3_bind_text(st, 1, lo, (int)n, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, hi, (int)n, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, EXPAND_MAX + 1);
    const char *terms[EXPAND_MAX];
    int k = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && k <= EXPAND_MAX) {
        if (k < EXPAND_MAX)
            terms[k] = arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
        k++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sq_error(d, rc, err);
    if (k > EXPAND_MAX) {
        *out = arena_printf(a, "%s\"%s\"*", *out, lo);
    } else if (k == 0) {
        *out = arena_printf(a, "%s\"%s\"", *out, lo);
    } else {
        *out = arena_printf(a, "%s(", *out);
        for (int i = 0; i < k; i++)
            *out = arena_printf(a, "%s%s\"%s\"", *out, i ? " OR " : "", terms[i]);
        *out = arena_printf(a, "%s)", *out);
    }
    return 0;
}

/* Every word of q (as sq_fts_terms splits it) must match: *match is NULL
** for a query without words. The caller has waited for the index
** (sq_search_ready), so the vocabulary holds every indexed word. */
int sq_ticket_match(struct sq_db *d, struct arena *a, const char *q, char **match,
                    struct err *err)
{
#define WORD(c) ((unsigned char)(c) >= 0x80 || ((c) >= '0' && (c) <= '9') || \
                 (((c) | 32) >= 'a' && ((c) | 32) <= 'z'))
    char *out = "";
    bool first = true;
    for (const char *p = q; *p;) {
        while (*p && !WORD(*p))
            p++;
        if (!*p)
            break;
        const char *s = p;
        while (*p && (WORD(*p) || *p == '-'))
            p++;
        if (!first)
            out = arena_printf(a, "%s AND ", out);
        first = false;
        if (expand(d, a, s, (size_t)(p - s), &out, err) != 0)
            return err->kind;
    }
#undef WORD
    *match = first ? NULL : out;
    return 0;
}

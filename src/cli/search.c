/* loket search-index: brings the tickets' search index up to date now, with
** progress, for after an upgrade that rebuilds it or a bulk import (the
** server does the same work in the background; see store/sqlite/search.c). */
#include "cli/cli.h"
#include "core/config.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static bool tty;

static void progress(int64_t done, int64_t end)
{
    if (tty)
        fprintf(stderr, "\rindexed %lld of %lld", (long long)done, (long long)end);
}

int cmd_search_index(int argc, char **argv, struct config *cfg)
{
    if (argc > 1) {
        fprintf(stderr, "loket search-index: unknown option %s\n", argv[1]);
        return 2;
    }
    struct store *st;
    struct db *db;
    struct err err = {0};
    if (cli_open(cfg, &st, &db) != 0)
        return 1;
    tty = isatty(STDERR_FILENO);
    int rc = db_index_all(db, progress, &err);
    if (tty)
        fputc('\n', stderr);
    if (rc != 0)
        fprintf(stderr, "loket search-index: %s\n", err.msg[LOC_EN]);
    else
        printf("search index up to date\n");
    store_release(db);
    store_close(st);
    return rc == 0 ? 0 : 1;
}

/* A fresh demo database in a temporary folder for unit tests that run the
** services against a real store (test_sweep.c, test_ticket_svc.c): the
** globals dir, st, db, cfg and a, and cmocka group setup/teardown. Include
** once, after cmocka.h. */
#ifndef LOKET_TESTS_DEMO_DB_H
#define LOKET_TESTS_DEMO_DB_H

#include "auth/crypto.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/config.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>

static char dir[64];
static struct store *st;
static struct db *db;
static struct config cfg;
static struct arena *a;

static int setup(void **s)
{
    (void)s;
    struct err e = {0};
    int applied;
    snprintf(dir, sizeof dir, "/tmp/loket-unit-XXXXXX");
    if (!mkdtemp(dir) || crypto_init() != 0)
        return -1;
    char path[128];
    snprintf(path, sizeof path, "%s/t.db", dir);
    config_defaults(&cfg);
    a = arena_new();
    if (store_open(path, &st, &e) != 0 || !(db = store_acquire(st, &e)) ||
        db_migrate(db, &applied, &e) != 0 || demo_load(db, &e) != 0) {
        fprintf(stderr, "setup: %s\n", e.msg[LOC_EN]);
        return -1;
    }
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    arena_free(a);
    store_release(db);
    store_close(st);
    config_free(&cfg);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

#endif

/* The fixture of unit tests that run the services against a real demo store
** (test_sweep.c, test_ticket_svc.c): the globals db, cfg and a, and cmocka
** group setup/teardown over demo_store.h. Include once, after cmocka.h. */
#ifndef LOKET_TESTS_DEMO_DB_H
#define LOKET_TESTS_DEMO_DB_H

#include "core/arena.h"
#include "core/config.h"
#include "demo_store.h"
#include "store/store.h"

static struct demo_store fx;
static struct db *db;
static struct config cfg;
static struct arena *a;

static int setup(void **s)
{
    (void)s;
    config_defaults(&cfg);
    a = arena_new();
    if (demo_store_open(&fx, "unit") != 0)
        return -1;
    db = fx.db;
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    arena_free(a);
    config_free(&cfg);
    return demo_store_close(&fx);
}

#endif

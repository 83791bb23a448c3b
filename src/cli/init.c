/* Shared CLI plumbing (options, opening the store) and `loket init`. */
#include "auth/crypto.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/fs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Removes argv[i] and argv[i+1] (when take2) from the vector. */
static void drop(int *argc, char **argv, int i, int n)
{
    for (int j = i; j + n <= *argc; j++)
        argv[j] = argv[j + n];
    *argc -= n;
}

static const char *config_file; /* the file cli_common read, for a reload */

const char *cli_config_file(void)
{
    return config_file;
}

int cli_common(int *argc, char **argv, struct config *cfg)
{
    struct err err = {0};
    config_defaults(cfg);
    const char *file = getenv("LOKET_CONFIG");
    /* An installed package's loket reads its conffile without being told. */
    if (!file && access(LOKET_SYSCONF_FILE, R_OK) == 0)
        file = LOKET_SYSCONF_FILE;
    for (int i = 1; i < *argc - 1; i++)
        if (!strcmp(argv[i], "--config"))
            file = argv[i + 1];
    config_file = file && *file ? file : NULL;
    if (file && *file && config_load_file(cfg, file, &err) != 0)
        goto fail;
    if (config_load_env(cfg, &err) != 0)
        goto fail;
    static const struct {
        const char *flag, *key;
    } flags[] = {{"--config", NULL}, {"--data-dir", "data_dir"}, {"--listen", "listen"},
                 {"--web-dir", "web_dir"}};
    for (int i = 1; i < *argc;) {
        bool hit = false;
        for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++) {
            if (strcmp(argv[i], flags[f].flag) != 0)
                continue;
            if (i + 1 >= *argc) {
                fprintf(stderr, "loket: %s needs a value\n", argv[i]);
                config_free(cfg);
                return -1;
            }
            if (flags[f].key && config_set(cfg, flags[f].key, argv[i + 1], &err) != 0)
                goto fail;
            drop(argc, argv, i, 2);
            hit = true;
            break;
        }
        if (!hit)
            i++;
    }
    return 0;
fail:
    fprintf(stderr, "loket: %s\n", err.msg[LOC_EN]);
    config_free(cfg);
    return -1;
}

int cli_open(const struct config *cfg, struct store **st, struct db **db)
{
    struct err err = {0};
    int applied = 0;
    if (fs_mkdirs(cfg->data_dir) != 0) {
        fprintf(stderr, "loket: cannot create %s: %s\n", cfg->data_dir, strerror(errno));
        return -1;
    }
    const char *url = cfg->db_url[0] ? cfg->db_url : config_db_path(cfg);
    if (store_open(url, st, &err) != 0) {
        fprintf(stderr, "loket: %s\n", err.msg[LOC_EN]);
        return -1;
    }
    int pending = 0, done = 0;
    char saved[4096] = "";
    /* An upgrade backs the database up before it changes its schema, so a
    ** downgrade is a restore of that file (README, "Operations"). */
    /* PostgreSQL is backed up with pg_dump before an upgrade (docs/postgresql.md) */
    bool pg = strncmp(url, "postgres", 8) == 0;
    if (!(*db = store_acquire(*st, &err)) ||
        db_migrate_plan(*db, &pending, &done, &err) != 0 ||
        (pending && done && !pg &&
         backup_run(*db, cfg->data_dir, cfg->backup_keep_days, saved, sizeof saved, &err) != 0) ||
        db_migrate(*db, &applied, &err) != 0) {
        fprintf(stderr, "loket: %s\n", err.msg[LOC_EN]);
        if (*db)
            store_release(*db);
        store_close(*st);
        return -1;
    }
    if (saved[0])
        fprintf(stderr, "loket: database backed up to %s before migrating\n", saved);
    if (applied)
        fprintf(stderr, "loket: applied %d migration(s)\n", applied);
    return 0;
}

int cli_token_key(struct db *db, unsigned char *key, struct err *err)
{
    static const char name[] = "token_key";
    struct arena *a = arena_new();
    const char *hex = NULL;
    int rc = db_setting_get(db, name, a, &hex, err);
    if (rc == ERR_NOT_FOUND) {
        char buf[TOKEN_KEY_BYTES * 2 + 1];
        random_bytes(key, TOKEN_KEY_BYTES);
        hex_encode(key, TOKEN_KEY_BYTES, buf);
        err_clear(err);
        rc = db_setting_set(db, name, buf, err);
    } else if (rc == 0 && hex_decode(hex, key, TOKEN_KEY_BYTES) != 0) {
        rc = err_set(err, ERR_STORE, "store.token_key", "kunci token rusak",
                     "the stored token key is damaged");
    }
    arena_free(a);
    return rc;
}

int cmd_init(int argc, char **argv, struct config *cfg)
{
    bool demo = false, desk = true;
    struct first_run in = {0};
    static const char *const opts[] = {"--office", "--admin-email", "--admin-name"};
    const char **vals[] = {&in.office, &in.admin_email, &in.admin_name};
    for (int i = 1; i < argc; i++) {
        bool hit = false;
        for (size_t o = 0; o < sizeof opts / sizeof opts[0] && !hit; o++)
            if (!strcmp(argv[i], opts[o]) && i + 1 < argc)
                *vals[o] = argv[++i], hit = true;
        if (!strcmp(argv[i], "--demo")) {
            demo = true;
        } else if (!strcmp(argv[i], "--demo-base")) {
            /* the demo without the desk's tickets and FAQ: what the test
            ** suites start from (many count tickets from an empty desk) */
            demo = true;
            desk = false;
        } else if (!hit) {
            fprintf(stderr, "loket init: unknown option or missing value: %s\n", argv[i]);
            return 2;
        }
    }
    if (demo && (in.office || in.admin_email || in.admin_name)) {
        fputs("loket init: --demo makes its own accounts; leave out --office/--admin-*\n", stderr);
        return 2;
    }
    bool asking = in.office || in.admin_email || in.admin_name || isatty(STDIN_FILENO);
    struct store *st;
    struct db *db;
    struct err err = {0};
    unsigned char key[TOKEN_KEY_BYTES];
    if (cli_open(cfg, &st, &db) != 0)
        return 1;
    int rc = cli_token_key(db, key, &err);
    if (rc == 0 && demo) {
        rc = demo_load(db, desk, &err);
        if (rc == 1)
            printf("demo data already present\n");
        else if (rc == 0)
            printf("demo data loaded\n");
        rc = rc == 1 ? 0 : rc;
    } else if (rc == 0 && asking) {
        rc = first_run(db, &in, &err);
        if (rc == 1)
            printf("accounts exist already: only migrations were applied\n");
        else if (rc == 0)
            printf("office and first admin %s created\n", in.admin_email ? in.admin_email : "");
        rc = rc == 1 ? 0 : rc;
    }
    if (rc != 0) {
        fprintf(stderr, "loket init: %s\n", err.msg[LOC_EN]);
    } else {
        printf("database ready: %s\n", cfg->db_url[0] ? "(db_url)" : config_db_path(cfg));
        printf("Loket's address: %s (start it with `loket serve` or the service)\n",
               cfg->base_url);
    }
    store_release(db);
    store_close(st);
    return rc == 0 ? 0 : 1;
}

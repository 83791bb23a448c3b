/* loket: command-line entry point. Loads configuration (defaults, file,
** LOKET_* environment, flags) and dispatches to a subcommand in cli/. */
#include "auth/crypto.h"
#include "cli/cli.h"
#include "core/config.h"
#include "core/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "Loket — multi-channel service desk\n"
    "\n"
    "usage: loket <command> [options]\n"
    "\n"
    "commands:\n"
    "  init [--demo]                 create or upgrade the database; --demo adds demo data\n"
    "  init --demo-base              demo data without the desk's tickets and FAQ (tests)\n"
    "  init --office NAME --admin-email E --admin-name N\n"
    "                                first run: office name and first admin (password on\n"
    "                                stdin, asked without echo at a terminal)\n"
    "  serve [--listen ADDR:PORT]    run the HTTP server and background jobs\n"
    "  user add --email E --name N --role R [--nip N] [--tier T] [--unit-id ID]\n"
    "           [--vendor-id ID] [--phone P] [--locale id|en]   (password on stdin)\n"
    "  user passwd EMAIL|NIP         set a password (read from stdin)\n"
    "  user list                     list accounts\n"
    "  user tokens EMAIL|NIP         list a user's API tokens\n"
    "  user revoke-token EMAIL|NIP ID  revoke one of them\n"
    "  backup [--keep-days N]        online backup into DATA_DIR/backups, prune old ones\n"
    "  restore FILE                  replace the database with a backup (server stopped)\n"
    "  mail-in                       file one email read from stdin (MTA pipe); exit 0 ok,\n"
    "                                65 unusable, 67 sender refused, 75 try again later\n"
    "  search-index                  bring the search index (DATA_DIR/loket-search.db) up to\n"
    "                                date now; the server does it by itself\n"
    "  migrate-db --to postgresql://... [--from FILE]\n"
    "                                copy this SQLite installation into PostgreSQL and\n"
    "                                verify it (server stopped; safe to re-run)\n"
    "  version                       print the version\n"
    "  help                          this text\n"
    "\n"
    "options for every command:\n"
    "  --config FILE    read key = value settings (default: $LOKET_CONFIG if set)\n"
    "  --data-dir DIR   database, attachments and backups (default ./data)\n"
    "  --listen ADDR:PORT\n"
    "\n"
    "Every setting can also be given as LOKET_<KEY> in the environment. Keys:\n";

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
        !strcmp(argv[1], "-h")) {
        fputs(usage, stdout);
        config_print_keys();
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
        printf("loket %s\n", LOKET_VERSION);
        return 0;
    }
    if (crypto_init() != 0) {
        fputs("loket: libsodium failed to initialise\n", stderr);
        return 1;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **, struct config *);
    } cmds[] = {
        {"init", cmd_init},     {"serve", cmd_serve},     {"user", cmd_user},
        {"backup", cmd_backup}, {"restore", cmd_restore},
        {"mail-in", cmd_mail_in}, {"search-index", cmd_search_index},
        {"migrate-db", cmd_migrate_db},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        if (strcmp(argv[1], cmds[i].name) != 0)
            continue;
        struct config cfg;
        int sub_argc = argc - 1;
        char **sub_argv = argv + 1;
        if (cli_common(&sub_argc, sub_argv, &cfg) != 0)
            return 2;
        int rc = cmds[i].fn(sub_argc, sub_argv, &cfg);
        config_free(&cfg);
        return rc;
    }
    fprintf(stderr, "loket: unknown command '%s' (try 'loket help')\n", argv[1]);
    return 2;
}

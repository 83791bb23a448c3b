/* `loket migrate-db --to postgresql://... [--from FILE]`: copies a SQLite
** installation into PostgreSQL and verifies the copy (issue #19 item 4;
** docs/postgresql.md "Moving from SQLite"). The work is store/dbcopy.c's;
** this file reads the options and draws the progress: a bar on stderr at a
** terminal, a plain line per table otherwise. */
#include "cli/cli.h"
#include "core/config.h"
#include "store/dbcopy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool tty;
static const char *last_table;

static void bar(char *out, int width, int64_t done, int64_t total)
{
    int fill = total > 0 ? (int)(done * width / total) : width;
    for (int i = 0; i < width; i++)
        out[i] = i < fill ? '#' : '.';
    out[width] = 0;
}

static void progress(const struct dbcopy_progress *p)
{
    if (tty) {
        char a[21], b[21];
        bar(a, 20, p->done, p->total);
        bar(b, 20, p->all_done, p->all_total);
        fprintf(stderr, "\r\033[K%-6s %-28.28s [%s] %lld/%lld  all [%s] %lld/%lld", p->phase,
                p->table, a, (long long)p->done, (long long)p->total, b,
                (long long)p->all_done, (long long)p->all_total);
        return;
    }
    /* one line when a table is finished (or a phase starts), not per batch */
    if (strcmp(p->phase, "copy") == 0 && p->done < p->total)
        return;
    if (last_table == p->table)
        return;
    last_table = p->table;
    if (strcmp(p->phase, "copy") == 0)
        fprintf(stderr, "copied %s: %lld rows (%lld of %lld)\n", p->table, (long long)p->done,
                (long long)p->all_done, (long long)p->all_total);
    else if (strcmp(p->phase, "search") == 0)
        fprintf(stderr, "rebuilding the search rows\n");
}

static bool header_done;

static void verified(const char *table, int64_t src_rows, int64_t dst_rows, uint64_t src_sum,
                     uint64_t dst_sum, const char *note)
{
    if (tty && !header_done)
        fputs("\r\033[K", stderr);
    if (!header_done) {
        printf("%-32s %10s %10s  %-16s %-16s %s\n", "table", "sqlite", "postgresql",
               "sqlite sum", "postgresql sum", "");
        header_done = true;
    }
    printf("%-32s %10lld %10lld  %016llx %016llx %s\n", table, (long long)src_rows,
           (long long)dst_rows, (unsigned long long)src_sum, (unsigned long long)dst_sum, note);
}

int cmd_migrate_db(int argc, char **argv, struct config *cfg)
{
    const char *to = NULL, *from = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--to") && i + 1 < argc)
            to = argv[++i];
        else if (!strcmp(argv[i], "--from") && i + 1 < argc)
            from = argv[++i];
        else {
            fprintf(stderr, "usage: loket migrate-db --to postgresql://... [--from FILE]\n");
            return 2;
        }
    }
    if (!to || (strncmp(to, "postgresql://", 13) != 0 && strncmp(to, "postgres://", 11) != 0)) {
        fprintf(stderr, "loket migrate-db: --to needs a postgresql:// URL\n");
        return 2;
    }
    char path[4096];
    if (!from) {
        /* the installation this configuration serves, or the data
        ** directory's file when db_url already names PostgreSQL */
        if (strncmp(cfg->db_url, "postgres", 8) == 0)
            snprintf(path, sizeof path, "%s/loket.db", cfg->data_dir);
        else
            snprintf(path, sizeof path, "%s", config_db_path(cfg));
        from = path;
    }
    struct stat sb;
    if (stat(from, &sb) != 0) {
        fprintf(stderr, "loket migrate-db: %s: %s\n", from, strerror(errno));
        return 1;
    }
    char *safe = dbcopy_url_safe(to);
    fprintf(stderr, "copying %s to %s\n", from, safe ? safe : "(PostgreSQL)");
    tty = isatty(STDERR_FILENO);
    const char *stop = getenv("LOKET_MIGRATE_STOP_AFTER");
    struct dbcopy_opts o = {
        .from = from, .to = to, .progress = progress, .verified = verified,
        .stop_after = stop ? atoi(stop) : 0,
    };
    struct err err = {0};
    int copied = 0, complete = 0;
    int rc = dbcopy_run(&o, &copied, &complete, &err);
    if (tty)
        fputs("\r\033[K", stderr);
    if (rc != 0) {
        fprintf(stderr, "loket migrate-db: %s\n", err.msg[LOC_EN]);
    } else if (complete) {
        printf("already copied: verified, nothing changed\n");
    } else {
        printf("copied %d table(s) to %s and verified\n", copied, safe ? safe : "PostgreSQL");
    }
    free(safe);
    return rc == 0 ? 0 : 1;
}

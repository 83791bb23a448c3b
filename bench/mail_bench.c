/* In-process email-in benchmark: parses (mail_parse) and files (mail_file,
** one transaction per message, as `loket mail-in` does) the corpus
** messages that open tickets, each copy with a fresh Message-ID, and prints
** messages per second for both. Usage: mail_bench DATA_DIR N FILE... */
#include "channels/mail_in.h"
#include "channels/mail_parse.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The file without its Message-ID line(s). */
static char *load(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 20), *out = calloc(1, 1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f), o = 0;
    fclose(f);
    for (char *p = buf; p < buf + n;) {
        char *e = memchr(p, '\n', (size_t)(buf + n - p));
        size_t l = e ? (size_t)(e - p) + 1 : (size_t)(buf + n - p);
        if (strncasecmp(p, "Message-ID:", 11) != 0) {
            memcpy(out + o, p, l);
            o += l;
        }
        p += l;
    }
    free(buf);
    *len = o;
    return out;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: mail_bench DATA_DIR N FILE...\n");
        return 2;
    }
    struct config cfg;
    config_defaults(&cfg);
    struct err err = {0};
    config_set(&cfg, "data_dir", argv[1], &err);
    long n = atol(argv[2]);
    int nf = argc - 3;
    char **msgs = calloc((size_t)nf, sizeof *msgs);
    size_t *lens = calloc((size_t)nf, sizeof *lens);
    for (int i = 0; i < nf; i++)
        if (!(msgs[i] = load(argv[3 + i], &lens[i]))) {
            fprintf(stderr, "cannot read %s\n", argv[3 + i]);
            return 1;
        }
    char *buf = malloc((1 << 20) + 256);
    /* CPU time too: on a shared machine the wall clock mostly measures the
    ** other processes. */
    clock_t c0 = clock();
    double t0 = now_s();
    for (long i = 0; i < n; i++) {
        struct arena *a = arena_new();
        struct mail_msg m;
        int k = (int)(i % nf);
        int h = snprintf(buf, 256, "Message-ID: <parse-%ld@bench>\n", i);
        memcpy(buf + h, msgs[k], lens[k]);
        if (mail_parse(buf, (size_t)h + lens[k], a, &m) != 0)
            return 1;
        arena_free(a);
    }
    double parse = now_s() - t0, parse_cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
    struct store *st;
    struct db *db;
    if (cli_open(&cfg, &st, &db) != 0)
        return 1;
    long filed = 0;
    c0 = clock();
    t0 = now_s();
    for (long i = 0; i < n; i++) {
        int k = (int)(i % nf);
        int h = snprintf(buf, 256, "Message-ID: <file-%ld-%ld@bench>\n", (long)time(NULL), i);
        memcpy(buf + h, msgs[k], lens[k]);
        struct mail_result res;
        mail_file(db, &cfg, buf, (size_t)h + lens[k], "pipe", &res);
        filed += res.exit == 0 && (!strcmp(res.outcome, "ticket") || !strcmp(res.outcome, "comment"));
    }
    double file = now_s() - t0, file_cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
    printf("parse only : %ld messages in %.2f s wall = %.0f msg/s (%.2f s CPU = %.0f msg/CPU-s)\n",
           n, parse, (double)n / parse, parse_cpu, (double)n / parse_cpu);
    printf("parse+file : %ld messages in %.2f s wall = %.0f msg/s (%.2f s CPU = %.0f msg/CPU-s), "
           "%ld tickets filed\n", n, file, (double)n / file, file_cpu, (double)n / file_cpu, filed);
    store_release(db);
    store_close(st);
    config_free(&cfg);
    for (int i = 0; i < nf; i++)
        free(msgs[i]);
    free(msgs);
    free(lens);
    free(buf);
    return filed == n ? 0 : 1;
}

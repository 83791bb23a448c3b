/* `loket mail-in`: one RFC 5322 message on standard input, as an MTA pipe
** delivers it (e.g. postfix `mailbox_command` or an alias "|loket mail-in").
** The exit status is the answer the MTA acts on (mail_in.h): 0 filed or
** ignored, 65 unusable, 67 sender refused, 75 try again later. A refused
** message is also kept under DATA_DIR/mail-refused/ so nothing is lost
** even if the bounce does not reach its sender. */
#include "channels/mail_in.h"
#include "cli/cli.h"
#include "core/buf.h"
#include "core/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { MAIL_MAX_BYTES = 64 * 1024 * 1024 };

static char *read_all(FILE *f, size_t *len, bool *too_big)
{
    struct buf b;
    buf_init(&b, MAIL_MAX_BYTES - 1); /* MAIL_MAX_BYTES or more is refused */
    char chunk[65536];
    size_t r;
    *too_big = false;
    while ((r = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (r > b.max - b.len) {
            *too_big = true; /* what was read is returned, the caller refuses it */
            break;
        }
        if (buf_append(&b, chunk, r) != 0)
            break; /* out of memory: detach returns NULL */
    }
    return buf_detach(&b, len);
}

static void keep_refused(const struct config *cfg, const char *raw, size_t len)
{
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/mail-refused", cfg->data_dir);
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
        return;
    snprintf(path, sizeof path, "%s/%lld-%d.eml", dir, (long long)time(NULL), (int)getpid());
    FILE *f = fopen(path, "wbx");
    if (!f)
        return;
    fwrite(raw, 1, len, f);
    fclose(f);
}

int cmd_mail_in(int argc, char **argv, struct config *cfg)
{
    if (argc > 1) {
        fprintf(stderr, "loket mail-in: unknown option %s\n", argv[1]);
        return MAIL_EX_DATAERR;
    }
    size_t len;
    bool too_big;
    char *raw = read_all(stdin, &len, &too_big);
    if (!raw || ferror(stdin)) {
        fprintf(stderr, "loket mail-in: cannot read the message\n");
        free(raw);
        return MAIL_EX_TEMPFAIL;
    }
    if (too_big || len == 0) {
        fprintf(stderr, "loket mail-in: %s\n", len ? "message too large" : "empty message");
        free(raw);
        return MAIL_EX_DATAERR;
    }
    struct store *st;
    struct db *db;
    if (cli_open(cfg, &st, &db) != 0) {
        free(raw);
        return MAIL_EX_TEMPFAIL; /* database unavailable: the MTA keeps the mail */
    }
    struct mail_result res;
    mail_file(db, cfg, raw, len, "pipe", &res);
    store_release(db);
    store_close(st);
    if (res.exit == MAIL_EX_DATAERR || res.exit == MAIL_EX_NOUSER)
        keep_refused(cfg, raw, len);
    free(raw);
    fprintf(res.exit ? stderr : stdout, "loket mail-in: %s\n", res.message);
    return res.exit;
}

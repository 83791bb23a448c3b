/* libFuzzer target for multipart uploads (src/http/upload.c): a
** Content-Type line and a body, fed in chunks of an input-chosen size
** through upload_begin/upload_feed/upload_end as the server does, with
** libmicrohttpd's post processor parsing. There is no server: this file
** answers the two header lookups (ours, req_header, and the library's own,
** MHD_lookup_connection_value_n, which it calls through the PLT) from the
** input. A stored upload must match the bytes on disk; nothing may crash,
** leak or leave a temp file. Built and run by tests/fuzz/meson.build. */
#include "core/arena.h"
#include "core/config.h"
#include "http/mhd.h"
#include "http/upload.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *content_type;
static char data_dir[64];

const char *req_header(const struct req *rq, const char *name)
{
    (void)rq;
    return strcasecmp(name, "Content-Type") == 0 ? content_type : NULL;
}

MHD_RESULT MHD_lookup_connection_value_n(struct MHD_Connection *connection,
                                         enum MHD_ValueKind kind, const char *key,
                                         size_t key_size, const char **value_ptr,
                                         size_t *value_size_ptr)
{
    (void)connection, (void)key_size;
    if (kind != MHD_HEADER_KIND || strcasecmp(key, "Content-Type") != 0 || !content_type)
        return MHD_NO;
    if (value_ptr)
        *value_ptr = content_type;
    if (value_size_ptr)
        *value_size_ptr = strlen(content_type);
    return MHD_YES;
}

static void remove_dirs(void)
{
    char p[128];
    snprintf(p, sizeof p, "%s/attachments/tmp", data_dir);
    rmdir(p);
    snprintf(p, sizeof p, "%s/attachments", data_dir);
    rmdir(p);
    rmdir(data_dir);
}

static void setup(void)
{
    if (sodium_init() < 0)
        abort();
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(data_dir, sizeof data_dir, "%s/loket-fuzz-XXXXXX", base);
    if (!mkdtemp(data_dir))
        abort();
    atexit(remove_dirs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct config cfg;
    static struct app app = {.cfg = &cfg};
    static char fake_conn[1024]; /* never read: both lookups are answered here */
    if (!cfg.data_dir) {
        setup();
        cfg.data_dir = data_dir;
    }
    if (size < 2)
        return 0;
    /* byte 0: chunk size; then the Content-Type up to '\n'; then the body */
    size_t chunk = (size_t)data[0] * 7 + 1;
    const char *text = (const char *)data + 1, *nl = memchr(text, '\n', size - 1);
    if (!nl)
        return 0;
    struct req rq;
    memset(&rq, 0, sizeof rq);
    rq.arena = arena_new();
    rq.app = &app;
    rq.conn = (struct MHD_Connection *)(void *)fake_conn;
    content_type = arena_strndup(rq.arena, text, (size_t)(nl - text));
    const char *body = nl + 1;
    size_t len = size - 1 - (size_t)(body - text);
    size_t max = 1024; /* small, so the too-large path is reached too */
    /* At most ~128 feeds: tiny chunks over a long body cost time, not paths. */
    if (chunk < len / 128)
        chunk = len / 128 + 1;
    char tmp[sizeof rq.upload->tmp_path] = "";
    if (upload_begin(&rq, max) == 0) {
        for (size_t off = 0; off < len; off += chunk)
            upload_feed(&rq, body + off, len - off < chunk ? len - off : chunk);
        struct upload *u = rq.upload;
        memcpy(tmp, u->tmp_path, sizeof tmp);
        if (upload_end(&rq) == 0) {
            struct stat st;
            if (!u->got_file || u->size > max || stat(u->tmp_path, &st) != 0 ||
                (size_t)st.st_size != u->size || strlen(u->sha_hex) != 64 ||
                memchr(u->filename, 0, sizeof u->filename) == NULL)
                abort();
        } else if (!rq.err.code[0]) {
            abort();
        }
        for (size_t i = 0; i < u->n_fields; i++)
            if (strlen(u->field_values[i]) > 2000 || !upload_field(u, u->field_names[i]))
                abort();
    }
    arena_free(rq.arena);
    content_type = NULL;
    struct stat st;
    if (tmp[0] && stat(tmp, &st) == 0) /* the arena removes an unclaimed upload */
        abort();
    return 0;
}

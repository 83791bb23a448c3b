/* Multipart uploads through libmicrohttpd's post processor. Memory stays
** flat whatever the file size: bytes go to disk as they arrive. */
#include "http/upload.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/fs.h"
#include "http/mhd.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void cleanup(void *p)
{
    struct upload *u = p;
    if (u->pp)
        MHD_destroy_post_processor(u->pp);
    if (u->fd >= 0)
        close(u->fd);
    if (!u->claimed && u->tmp_path[0])
        unlink(u->tmp_path);
    u->pp = NULL;
    u->fd = -1;
    u->tmp_path[0] = 0;
}

void upload_discard(struct req *rq)
{
    if (rq->upload)
        cleanup(rq->upload);
}

/* A refusal deletes the temp file before the answer goes out: the arena's
** own cleanup runs only after the response is sent, and a client that
** looks right after a 4xx must find nothing left (api-upload_refusals). */
static int refuse(struct req *rq, int kind)
{
    upload_discard(rq);
    return kind;
}

static MHD_RESULT iterate(void *cls, enum MHD_ValueKind kind, const char *key,
                          const char *filename, const char *content_type,
                          const char *transfer_encoding, const char *data, uint64_t off,
                          size_t size)
{
    (void)kind, (void)content_type, (void)transfer_encoding;
    struct req *rq = cls;
    struct upload *u = rq->upload;
    if (key && strcmp(key, "file") == 0 && filename) {
        /* A part's first call has off 0, and only the first may have size
        ** 0 (the next then has off 0 again). So off 0 after an earlier
        ** call is a second "file" part, unless that call was such an empty
        ** opener under the same name: then it is this part's data, or an
        ** empty part followed by one of the same name, the same file. */
        if (u->got_file && off == 0 &&
            !(u->opener_only && strncmp(u->filename, filename, sizeof u->filename - 1) == 0))
            u->extra_file = true;
        u->opener_only = off == 0 && size == 0;
        if (!u->got_file) {
            u->got_file = true;
            snprintf(u->filename, sizeof u->filename, "%s", filename);
        }
        if (u->too_large || u->failed || u->extra_file || !size)
            return MHD_YES;
        if (u->size + size > u->max) {
            u->too_large = true; /* keep reading so the client gets our answer */
            return MHD_YES;
        }
        crypto_hash_sha256_update(u->hash_state, (const unsigned char *)data, size);
        for (size_t done = 0; done < size;) {
            ssize_t w = write(u->fd, data + done, size - done);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                u->write_errno = w < 0 ? errno : ENOSPC;
                u->failed = true;
                return MHD_YES;
            }
            done += (size_t)w;
        }
        u->size += size;
        return MHD_YES;
    }
    /* small text fields: keep up to 2000 bytes each */
    if (!key || filename)
        return MHD_YES;
    size_t i;
    for (i = 0; i < u->n_fields; i++)
        if (strcmp(u->field_names[i], key) == 0)
            break;
    if (i == u->n_fields) {
        if (u->n_fields == UPLOAD_MAX_FIELDS)
            return MHD_YES;
        u->field_names[i] = arena_strdup(rq->arena, key);
        u->field_values[i] = arena_alloc(rq->arena, 2001);
        u->n_fields++;
    }
    size_t have = strlen(u->field_values[i]);
    size_t take = size < 2000 - have ? size : 2000 - have;
    memcpy(u->field_values[i] + have, data, take);
    u->field_values[i][have + take] = 0;
    return MHD_YES;
}

int upload_begin(struct req *rq, size_t max)
{
    const char *ct = req_header(rq, "Content-Type");
    if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0)
        return err_set(&rq->err, ERR_UNSUPPORTED, "upload.content_type",
                       "kirim berkas sebagai multipart/form-data dengan kolom \"file\"",
                       "send the file as multipart/form-data with a \"file\" field");
    struct upload *u = arena_alloc(rq->arena, sizeof *u);
    u->fd = -1;
    u->max = max;
    u->hash_state = arena_alloc(rq->arena, sizeof(crypto_hash_sha256_state));
    crypto_hash_sha256_init(u->hash_state);
    rq->upload = u;
    arena_defer(rq->arena, cleanup, u);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/attachments/tmp", config_files_dir(rq->app->cfg));
    char rnd[TOKEN_HEX];
    token_random_hex(rnd);
    snprintf(u->tmp_path, sizeof u->tmp_path, "%s/%s.part", dir, rnd);
    if (fs_mkdirs(dir) != 0 ||
        (u->fd = open(u->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640)) < 0) {
        u->tmp_path[0] = 0;
        if (err_errno_full(errno))
            return err_storage_full(&rq->err);
        return err_set(&rq->err, ERR_INTERNAL, "upload.disk", "tidak dapat menyimpan berkas",
                       "cannot store the file");
    }
    u->pp = MHD_create_post_processor(rq->conn, 64 * 1024, iterate, rq);
    if (!u->pp)
        return err_set(&rq->err, ERR_MALFORMED, "upload.malformed",
                       "isi multipart tidak valid", "malformed multipart body");
    return 0;
}

void upload_feed(struct req *rq, const char *data, size_t n)
{
    struct upload *u = rq->upload;
    if (u->pp && MHD_post_process(u->pp, data, n) != MHD_YES)
        u->failed = true;
}

int upload_end(struct req *rq)
{
    struct upload *u = rq->upload;
    /* Not done unless the closing boundary came: a body cut short would
    ** otherwise store the part of the file that arrived. */
    if (u->pp && MHD_destroy_post_processor(u->pp) != MHD_YES)
        u->failed = true;
    u->pp = NULL;
    if (u->fd >= 0) {
        if (fsync(u->fd) != 0) {
            u->write_errno = errno;
            u->failed = true;
        }
        close(u->fd);
        u->fd = -1;
    }
    if (u->too_large) {
        char id[128], en[128];
        snprintf(id, sizeof id, "berkas melebihi batas %zu MB", u->max / (1024 * 1024));
        snprintf(en, sizeof en, "the file exceeds the %zu MB limit", u->max / (1024 * 1024));
        return refuse(rq, err_text(&rq->err, ERR_TOO_LARGE, "upload.too_large", id, en));
    }
    if (u->failed && err_errno_full(u->write_errno))
        return refuse(rq, err_storage_full(&rq->err));
    if (u->failed)
        return refuse(rq, err_set(&rq->err, ERR_MALFORMED, "upload.malformed",
                                  "unggahan tidak lengkap atau rusak",
                                  "the upload was incomplete or malformed"));
    if (u->extra_file) {
        err_field(&rq->err, "file", "satu berkas per unggahan", "one file per upload");
        return refuse(rq, err_set(&rq->err, ERR_INVALID, "upload.one_file",
                                  "kirim satu berkas per unggahan", "send one file per upload"));
    }
    if (!u->got_file)
        return refuse(rq, err_invalid(&rq->err, "file", "pilih berkas", "choose a file"));
    crypto_hash_sha256_final(u->hash_state, u->sha);
    sodium_bin2hex(u->sha_hex, sizeof u->sha_hex, u->sha, sizeof u->sha);
    return 0;
}

const char *upload_field(const struct upload *u, const char *name)
{
    for (size_t i = 0; i < u->n_fields; i++)
        if (strcmp(u->field_names[i], name) == 0)
            return u->field_values[i];
    return NULL;
}

int upload_claim(struct req *rq, const char *dest)
{
    struct upload *u = rq->upload;
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", dest);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = 0;
    if (fs_mkdirs(dir) != 0 || rename(u->tmp_path, dest) != 0) {
        if (err_errno_full(errno))
            return err_storage_full(&rq->err);
        return err_set(&rq->err, ERR_INTERNAL, "upload.disk", "tidak dapat menyimpan berkas",
                       "cannot store the file");
    }
    u->claimed = true;
    return 0;
}

int upload_sweep_tmp(const char *data_dir, time_t now, time_t max_age)
{
    char dir[4096], path[4400];
    snprintf(dir, sizeof dir, "%s/attachments/tmp", data_dir);
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        struct stat sb;
        if (len < 6 || strcmp(e->d_name + len - 5, ".part") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && now - sb.st_mtime > max_age &&
            unlink(path) == 0)
            n++;
    }
    closedir(d);
    return n;
}

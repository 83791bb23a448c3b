/* Tickets, comments and attachments from the channels (see intake.h). The
** ticket and comment rules are svc/'s, shared with api/tickets.c and
** api/ticket_work.c; what is left here is channel work on the bare
** connection, so a CLI, a poller thread or the webhook can use it. */
#include "channels/intake.h"
#include "auth/crypto.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/fs.h"
#include "core/filetype.h"
#include "core/ticket.h"
#include "store/channels.h"
#include "svc/identity.h"
#include "svc/ticket_svc.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int event(struct intake *in, const struct ticket *t, int64_t actor, const char *kind,
                 const char *field, const char *old_value, const char *new_value,
                 const char *body)
{
    struct ticket_event e = {.ticket_id = t->id, .at = (int64_t)time(NULL), .actor_id = actor,
                             .kind = kind, .field = field, .old_value = old_value,
                             .new_value = new_value, .body = body};
    return db_event_add(in->db, &e, in->err);
}


int intake_requester(struct intake *in, const char *name, const char *email, const char *phone,
                     int64_t *id)
{
    struct db *db = in->db;
    struct record *r = record_new(in->a, &res_users);
    char rnd[TOKEN_HEX];
    token_random_hex(rnd);
    r->v[resource_field(&res_users, "name")] =
        (struct value){.set = true, .s = name && *name ? name : email ? email : phone};
    r->v[resource_field(&res_users, "role")] = (struct value){.set = true, .s = "requester"};
    r->v[resource_field(&res_users, "email")] = (struct value){
        .set = true,
        .s = email ? email : arena_printf(in->a, "noemail-%.12s@loket.invalid", rnd)};
    if (phone)
        r->v[resource_field(&res_users, "phone")] = (struct value){.set = true, .s = phone};
    record_apply_defaults(&res_users, r);
    if (record_validate(&res_users, r, true, in->err) != 0 ||
        db_rec_create(db, &res_users, r, in->err) != 0)
        return in->err->kind;
    *id = r->id;
    if (svc_identity_asked(db, in->a, r->id, email ? "email" : "whatsapp", in->err) != 0)
        return in->err->kind;
    return db_audit_add(db, 0, "create", "users", r->id,
                        arena_printf(in->a, "{\"via\":\"%s\"}", email ? "email" : "whatsapp"),
                        NULL, in->err);
}

/* The sender as the ticket service sees them: on the intake's channel. */
static int actor_of(struct intake *in, int64_t user_id, const char *channel, struct user_auth *u,
                    struct actor *who)
{
    if (db_user_by_id(in->db, user_id, in->a, u, in->err) != 0)
        return in->err->kind;
    *who = (struct actor){.user = u, .channel = channel, .cfg = in->cfg,
                          .now = (int64_t)time(NULL)};
    return 0;
}

int intake_ticket(struct intake *in, const char *channel, int64_t requester_id,
                  const char *title, const char *description, struct ticket **out)
{
    struct user_auth u;
    struct actor who;
    struct ticket_new tn = {.title = title, .description = description};
    if (actor_of(in, requester_id, channel, &u, &who) != 0)
        return in->err->kind;
    return svc_ticket_create(in->db, &who, in->a, &tn, out, in->err);
}

int intake_comment(struct intake *in, struct ticket *t, int64_t author_id, const char *body)
{
    struct user_auth u;
    struct actor who;
    if (actor_of(in, author_id, in->channel ? in->channel : "email", &u, &who) != 0)
        return in->err->kind;
    return svc_ticket_comment(in->db, &who, in->a, t, body, false, NULL, in->err);
}

/* ---- attachments --------------------------------------------------------- */

static int write_file(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0)
        return -1;
    const char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            unlink(path);
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        unlink(path);
        return -1;
    }
    return 0;
}

int intake_attach(struct intake *in, struct ticket *t, int64_t uploader_id, const char *filename,
                  const void *data, size_t len, const char **why)
{
    const struct config *cfg = in->cfg;
    *why = NULL;
    if (len == 0) {
        *why = "empty file";
        return 1;
    }
    if (len > (size_t)cfg->attachment_max_mb * 1024 * 1024) {
        *why = arena_printf(in->a, "larger than %ld MB", cfg->attachment_max_mb);
        return 1;
    }
    const char *mime = filetype_sniff(data, len), *ext = NULL;
    if (!filetype_allowed(mime, cfg->attachment_types, &ext)) {
        *why = arena_printf(in->a, "type %s not allowed", mime ? mime : "?");
        return 1;
    }
    mime = arena_strdup(in->a, mime);
    char name[256];
    if (filename && *filename)
        filetype_clean_name(filename, name, sizeof name);
    else
        snprintf(name, sizeof name, "lampiran-%zu.%s", in->n_files + 1, ext);
    if (!filetype_name_matches(name, ext)) {
        *why = arena_printf(in->a, "content (%s) does not match the name", mime);
        return 1;
    }
    if (in->n_files == sizeof in->files / sizeof in->files[0]) {
        *why = "too many files";
        return 1;
    }
    unsigned char sum[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(sum, data, len);
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, sum, sizeof sum);
    char rnd[TOKEN_HEX];
    token_random_hex(rnd);
    struct attachment at = {.ticket_id = t->id, .uploader_id = uploader_id,
                            .filename = arena_strdup(in->a, name), .content_type = mime,
                            .size = (int64_t)len, .sha256 = arena_strdup(in->a, hex),
                            .stored_name = arena_printf(in->a, "%.2s/%s", rnd, rnd),
                            .created_at = (int64_t)time(NULL)};
    char *dir = arena_printf(in->a, "%s/attachments/%.2s", config_files_dir(cfg), rnd);
    const char *dest = arena_printf(in->a, "%s/attachments/%s", config_files_dir(cfg), at.stored_name);
    if (fs_mkdirs(dir) != 0 || write_file(dest, data, len) != 0)
        return err_set(in->err, ERR_UNAVAILABLE, "upload.disk", "tidak dapat menyimpan berkas",
                       "cannot store the file");
    in->files[in->n_files++] = dest;
    if (db_attachment_add(in->db, &at, in->err) != 0 ||
        event(in, t, uploader_id, "attachment", NULL, NULL, at.filename,
              arena_printf(in->a, "%lld", (long long)at.id)) != 0)
        return in->err->kind;
    return 0;
}

void intake_discard(struct intake *in)
{
    for (size_t i = 0; i < in->n_files; i++)
        unlink(in->files[i]);
    in->n_files = 0;
}

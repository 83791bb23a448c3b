/* Users are master data with three extra rules: a password arrives in the
** body and is stored only as an argon2id hash; an agent's tier needs the
** matching scope (tier 2 a unit, tier 3 a vendor); an admin cannot lock
** themself out; and a new password ends the user's sessions and tokens. */
#include "api/api.h"
#include "api/json.h"
#include "api/master.h"
#include "auth/crypto.h"
#include "core/arena.h"
#include "http/reply.h"
#include "svc/user_invite.h"

#include <string.h>
#include <time.h>

/* The value a field will have after the write: the new one if given, else the old. */
static const struct value *after(const struct record *r, const struct record *old,
                                 const char *name)
{
    static const struct value none = {.set = true, .null = true};
    int i = resource_field(&res_users, name);
    if (r->v[i].set)
        return &r->v[i];
    return old ? &old->v[i] : &none;
}

/* invite: a new user who sets their own password through a mailed link
** (issue #20 item 7, invite_after). */
static int check_user(struct req *rq, struct record *r, const struct record *old, bool invite,
                      struct err *err)
{
    struct value *pw = &r->v[resource_field(&res_users, "password")];
    if (pw->set && !pw->null) {
        const char *why = password_weak(pw->s);
        if (why)
            return err_invalid(err, "password", "kata sandi harus 8–256 karakter", why);
        char hash[PASSWORD_HASH_MAX];
        if (password_hash(pw->s, hash) != 0)
            return err_set(err, ERR_INTERNAL, "internal", "gagal membuat hash kata sandi",
                           "password hashing failed");
        struct value *v = &r->v[resource_field(&res_users, "password_hash")];
        *v = (struct value){.set = true, .s = arena_strdup(rq->arena, hash)};
    } else if (!old && invite) {
        /* the user sets it through the mailed link (invite_after) */
    } else if (!old || pw->set) {
        return err_invalid(err, "password",
                           "wajib diisi (minimal 8 karakter), atau kirim undangan email",
                           "is required (at least 8 characters), or send an email invitation");
    }
    if (invite && pw->set && !pw->null)
        return err_invalid(err, "password", "kosongkan bila mengirim undangan",
                           "leave it empty when sending an invitation");
    const struct value *role = after(r, old, "role");
    if (old && old->id == rq->user->p.id) {
        const struct value *active = after(r, old, "active");
        if (!active->i || !role->s || strcmp(role->s, "admin") != 0)
            return err_set(err, ERR_CONFLICT, "user.self_lockout",
                           "Anda tidak dapat menonaktifkan atau menurunkan peran akun sendiri",
                           "you cannot deactivate or demote your own account");
    }
    return 0;
}

static int user_hook(struct req *rq, json_t *body, struct record *r, const struct record *old,
                     struct err *err)
{
    (void)body;
    return check_user(rq, r, old, false, err);
}

static int invite_hook(struct req *rq, json_t *body, struct record *r, const struct record *old,
                       struct err *err)
{
    (void)body;
    return check_user(rq, r, old, true, err);
}

/* A user created without a password was invited (user_hook): the link and
** its mail go out in the creating transaction. */
static int invite_after(struct req *rq, struct db *db, const struct record *r,
                        const struct record *old, struct err *err)
{
    if (old || r->v[resource_field(&res_users, "password_hash")].set)
        return 0;
    return svc_user_invite(db, rq->arena, rq->app->cfg, rq->app->token_key, r->id,
                           (int64_t)time(NULL), err);
}

/* "invite": true is no column of the user: taken out of the body here. */
int api_users_create(struct req *rq)
{
    json_t *body;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    json_t *inv = json_object_get(body, "invite");
    if (inv && !json_is_boolean(inv)) {
        err_invalid(&rq->err, "invite", "harus true atau false", "must be true or false");
        return reply_err(rq, &rq->err);
    }
    bool invite = json_is_true(inv);
    json_object_del(body, "invite");
    struct master_ops o = {.hook = invite ? invite_hook : user_hook, .after = invite_after,
                           .body = body};
    return master_create_x(rq, &res_users, &o);
}

/* POST /api/v1/users/{id}/invite: a new link for a user who lost or let
** expire theirs (the older link stops working). */
int api_users_invite(struct req *rq)
{
    struct db *db = req_db(rq);
    int64_t id = req_param_id(rq, "id");
    struct user_auth u;
    if (!db || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (db_user_by_id(db, id, rq->arena, &u, &rq->err) != 0 ||
        svc_user_invite(db, rq->arena, rq->app->cfg, rq->app->token_key, id,
                        (int64_t)time(NULL), &rq->err) != 0 ||
        master_audit(rq, db, "invite", "users", id, NULL) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 202, json_pack("{s:s}", "status", "invited"));
}

/* A new password ends the user's other sessions and revokes their API
** tokens in the same transaction: an admin's reset locks out whoever held
** the old one. Changing one's own password keeps the session doing it. */
static int password_after(struct req *rq, struct db *db, const struct record *r,
                          const struct record *old, struct err *err)
{
    if (!r->v[resource_field(&res_users, "password_hash")].set)
        return 0;
    bool self = old->id == rq->user->p.id && rq->via_cookie;
    return db_user_revoke_access(db, old->id, self ? rq->session_hash : NULL, err);
}

int api_users_update(struct req *rq)
{
    return master_update_then(rq, &res_users, user_hook, password_after);
}

/* Deleting oneself would end the session mid-request and could leave no admin. */
int api_users_delete(struct req *rq)
{
    if (req_param_id(rq, "id") == rq->user->p.id)
        return reply_error(rq, ERR_CONFLICT, "user.self_lockout",
                           "Anda tidak dapat menghapus akun sendiri",
                           "you cannot delete your own account");
    return api_master_delete(rq);
}

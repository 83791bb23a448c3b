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

#include <string.h>

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

static int user_hook(struct req *rq, json_t *body, struct record *r, const struct record *old,
                     struct err *err)
{
    (void)body;
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
    } else if (!old || pw->set) {
        return err_invalid(err, "password", "wajib diisi (minimal 8 karakter)",
                           "is required (at least 8 characters)");
    }
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

int api_users_create(struct req *rq)
{
    return master_create(rq, &res_users, user_hook);
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

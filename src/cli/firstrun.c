/* `loket init` on a new installation: stores the office's name and creates
** the first admin, from flags or answers at a terminal. Nothing of the demo
** data set is created; an installation with users is left as it is. */
#include "auth/crypto.h"
#include "cli/cli.h"
#include "core/arena.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Asks at a terminal for a value not given as a flag. */
static const char *ask(const char *given, const char *question, char *buf, size_t n)
{
    if (given && *given)
        return given;
    if (!isatty(STDIN_FILENO))
        return NULL;
    fprintf(stderr, "%s: ", question);
    if (!fgets(buf, (int)n, stdin))
        return NULL;
    buf[strcspn(buf, "\r\n")] = 0;
    return *buf ? buf : NULL;
}

static int user_count(struct db *db, int64_t *total, struct err *err)
{
    struct arena *a = arena_new();
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 1};
    struct record **items;
    size_t n;
    int rc = db_rec_list(db, &res_users, &q, a, &items, &n, total, err);
    arena_free(a);
    return rc;
}

int first_run(struct db *db, const struct first_run *in, struct err *err)
{
    int64_t users;
    if (user_count(db, &users, err) != 0)
        return err->kind;
    if (users > 0)
        return 1;
    char office_buf[200], email_buf[300], name_buf[200], pw[300];
    const char *office = ask(in->office, "office name", office_buf, sizeof office_buf);
    const char *email = ask(in->admin_email, "first admin's email", email_buf, sizeof email_buf);
    const char *name = ask(in->admin_name, "first admin's name", name_buf, sizeof name_buf);
    if (!office || !email || !name)
        return err_set(err, ERR_INVALID, "init.missing",
                       "perlu --office, --admin-email dan --admin-name",
                       "--office, --admin-email and --admin-name are needed");
    const char *why = NULL;
    if (cli_read_password("first admin's password", pw, sizeof pw) != 0 ||
        (why = password_weak(pw)))
        return err_set(err, ERR_INVALID, "init.password",
                       "kata sandi admin (dari stdin) %s", "the admin password (on stdin) %s",
                       why ? why : "is missing");
    struct arena *a = arena_new();
    struct record *r = record_new(a, &res_users);
    r->v[resource_field(&res_users, "email")] = (struct value){.set = true, .s = email};
    r->v[resource_field(&res_users, "name")] = (struct value){.set = true, .s = name};
    r->v[resource_field(&res_users, "role")] = (struct value){.set = true, .s = "admin"};
    int rc = db_setting_set(db, "org_name", office, err);
    if (rc == 0)
        rc = cli_user_insert(db, r, pw, err);
    arena_free(a);
    return rc;
}

void cli_office_name(struct db *db, struct config *cfg)
{
    struct arena *a = arena_new();
    struct err err = {0};
    const char *name = NULL;
    if (config_is_default(cfg, "org_name") &&
        db_setting_get(db, "org_name", a, &name, &err) == 0 && name && *name)
        config_set(cfg, "org_name", name, &err);
    arena_free(a);
}

/* `loket user add|passwd|list|tokens|revoke-token`: bootstrap and rescue
** accounts without the web UI. Uses the same validation as the API
** (core/resource.c); a new password ends the user's sessions and revokes
** their API tokens like the API's password reset. */
#include "auth/crypto.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* A password from standard input: typed at a terminal without echo, or
** the first line of a pipe. Never a flag, which `ps` would show. */
int cli_read_password(const char *prompt, char *buf, size_t n)
{
    struct termios old, quiet;
    bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        fprintf(stderr, "%s: ", prompt);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *got = fgets(buf, (int)n, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!got)
        return -1;
    buf[strcspn(buf, "\r\n")] = 0;
    return 0;
}

static void print_err(const char *cmd, const struct err *err)
{
    fprintf(stderr, "loket user %s: %s\n", cmd, err->msg[LOC_EN]);
    for (size_t i = 0; i < err->n_fields; i++)
        fprintf(stderr, "  %s: %s\n", err->fields[i].name, err->fields[i].msg[LOC_EN]);
}

static void set_text(struct record *r, const char *field, const char *v)
{
    r->v[resource_field(&res_users, field)] = (struct value){.set = true, .s = v};
}

static void set_int(struct record *r, const char *field, const char *v)
{
    r->v[resource_field(&res_users, field)] = (struct value){.set = true, .i = strtoll(v, NULL, 10)};
}

static int user_add(int argc, char **argv, struct db *db, struct arena *a)
{
    struct record *r = record_new(a, &res_users);
    struct err err = {0};
    static const char *const text_opts[][2] = {
        {"--email", "email"}, {"--name", "name"}, {"--role", "role"}, {"--nip", "nip"},
        {"--phone", "phone"}, {"--locale", "locale"}};
    static const char *const int_opts[][2] = {
        {"--tier", "tier"}, {"--unit-id", "unit_id"}, {"--vendor-id", "vendor_id"},
        {"--partner-admin", "partner_admin"}};
    for (int i = 2; i < argc; i += 2) {
        bool hit = false;
        if (i + 1 >= argc) {
            fprintf(stderr, "loket user add: %s needs a value\n", argv[i]);
            return 2;
        }
        for (size_t k = 0; k < sizeof text_opts / sizeof text_opts[0]; k++)
            if (!strcmp(argv[i], text_opts[k][0]))
                set_text(r, text_opts[k][1], argv[i + 1]), hit = true;
        for (size_t k = 0; k < sizeof int_opts / sizeof int_opts[0]; k++)
            if (!strcmp(argv[i], int_opts[k][0]))
                set_int(r, int_opts[k][1], argv[i + 1]), hit = true;
        if (!hit) {
            fprintf(stderr, "loket user add: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    char pw[300];
    if (cli_read_password("password", pw, sizeof pw) != 0 || password_weak(pw)) {
        fprintf(stderr, "loket user add: a password of 8–256 characters is needed on stdin\n");
        return 2;
    }
    if (cli_user_insert(db, r, pw, &err) != 0) {
        print_err("add", &err);
        return 1;
    }
    printf("user %lld created\n", (long long)r->id);
    return 0;
}

int cli_user_insert(struct db *db, struct record *r, const char *password, struct err *err)
{
    char hash[PASSWORD_HASH_MAX];
    record_apply_defaults(&res_users, r);
    if (record_validate(&res_users, r, true, err) != 0 || record_user_rules(r, NULL, err) != 0)
        return err->kind;
    if (password_hash(password, hash) != 0)
        return err_set(err, ERR_INTERNAL, "auth.hash", "gagal membuat hash kata sandi",
                       "password hashing failed");
    r->v[resource_field(&res_users, "password_hash")] = (struct value){.set = true, .s = hash};
    if (db_begin(db, err) != 0 || db_rec_create(db, &res_users, r, err) != 0 ||
        db_audit_add(db, 0, "create", "users", r->id, "{\"via\":\"cli\"}", NULL, err) != 0 ||
        db_commit(db, err) != 0) {
        db_rollback(db);
        return err->kind ? err->kind : ERR_STORE;
    }
    return 0;
}

static int user_passwd(int argc, char **argv, struct db *db, struct arena *a)
{
    struct err err = {0};
    struct user_auth u;
    if (argc != 3) {
        fprintf(stderr, "usage: loket user passwd EMAIL|NIP  (new password on stdin)\n");
        return 2;
    }
    if (db_user_by_login(db, argv[2], a, &u, &err) != 0) {
        print_err("passwd", &err);
        return 1;
    }
    char pw[300], hash[PASSWORD_HASH_MAX];
    const char *why = NULL;
    if (cli_read_password("new password", pw, sizeof pw) != 0 || (why = password_weak(pw))) {
        fprintf(stderr, "loket user passwd: the password %s\n", why ? why : "is missing");
        return 2;
    }
    if (password_hash(pw, hash) != 0 || db_begin(db, &err) != 0 ||
        db_user_set_password(db, u.p.id, hash, &err) != 0 ||
        db_audit_add(db, 0, "password", "users", u.p.id, "{\"via\":\"cli\"}", NULL,
                     &err) != 0 ||
        db_commit(db, &err) != 0) {
        db_rollback(db);
        print_err("passwd", &err);
        return 1;
    }
    printf("password changed for %s; their sessions ended and API tokens revoked\n", u.email);
    return 0;
}

static int user_list(struct db *db, struct arena *a)
{
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 1000000};
    struct record **items;
    size_t n;
    int64_t total;
    struct err err = {0};
    if (db_rec_list(db, &res_users, &q, a, &items, &n, &total, &err) != 0) {
        print_err("list", &err);
        return 1;
    }
    int fe = resource_field(&res_users, "email"), fn = resource_field(&res_users, "name"),
        fr = resource_field(&res_users, "role"), ft = resource_field(&res_users, "tier"),
        fa = resource_field(&res_users, "active");
    printf("%-5s %-32s %-10s %-4s %-6s %s\n", "ID", "EMAIL", "ROLE", "TIER", "ACTIVE", "NAME");
    for (size_t i = 0; i < n; i++) {
        const struct value *v = items[i]->v;
        printf("%-5lld %-32s %-10s %-4s %-6s %s\n", (long long)items[i]->id, v[fe].s, v[fr].s,
               v[ft].null ? "-" : (v[ft].i == 1 ? "1" : v[ft].i == 2 ? "2" : "3"),
               v[fa].i ? "yes" : "no", v[fn].s);
    }
    return 0;
}

/* `user tokens EMAIL|NIP`: the live API tokens (never their secret). */
static int user_tokens(int argc, char **argv, struct db *db, struct arena *a)
{
    struct err err = {0};
    struct user_auth u;
    struct token_row *items;
    size_t n;
    if (argc != 3) {
        fprintf(stderr, "usage: loket user tokens EMAIL|NIP\n");
        return 2;
    }
    if (db_user_by_login(db, argv[2], a, &u, &err) != 0 ||
        db_token_list(db, u.p.id, a, &items, &n, &err) != 0) {
        print_err("tokens", &err);
        return 1;
    }
    time_t now = time(NULL);
    printf("%-6s %-20s %-20s %s\n", "ID", "CREATED", "EXPIRES", "NAME");
    for (size_t i = 0; i < n; i++) {
        char created[32], expires[32] = "never";
        time_fmt_iso(created, sizeof created, (time_t)items[i].created_at);
        if (items[i].expires_at)
            time_fmt_iso(expires, sizeof expires, (time_t)items[i].expires_at);
        printf("%-6lld %-20s %-20s %s%s\n", (long long)items[i].id, created, expires,
               items[i].name, items[i].expires_at && items[i].expires_at <= now ? " (expired)" : "");
    }
    return 0;
}

/* `user revoke-token EMAIL|NIP ID`. */
static int user_revoke_token(int argc, char **argv, struct db *db, struct arena *a)
{
    struct err err = {0};
    struct user_auth u;
    char *end;
    long long id = argc == 4 ? strtoll(argv[3], &end, 10) : 0;
    if (argc != 4 || *end || id <= 0) {
        fprintf(stderr, "usage: loket user revoke-token EMAIL|NIP TOKEN_ID\n");
        return 2;
    }
    if (db_user_by_login(db, argv[2], a, &u, &err) != 0 || db_begin(db, &err) != 0 ||
        db_token_revoke(db, u.p.id, id, &err) != 0 ||
        db_audit_add(db, 0, "revoke", "tokens", id, "{\"via\":\"cli\"}", NULL, &err) != 0 ||
        db_commit(db, &err) != 0) {
        db_rollback(db);
        print_err("revoke-token", &err);
        return 1;
    }
    printf("token %lld of %s revoked\n", id, u.email);
    return 0;
}

int cmd_user(int argc, char **argv, struct config *cfg)
{
    static const char *const subs[] = {"add", "passwd", "list", "tokens", "revoke-token"};
    size_t sub = 0;
    while (argc >= 2 && sub < sizeof subs / sizeof subs[0] && strcmp(argv[1], subs[sub]) != 0)
        sub++;
    if (argc < 2 || sub == sizeof subs / sizeof subs[0]) {
        fprintf(stderr, "usage: loket user add|passwd|list|tokens|revoke-token ...\n");
        return 2;
    }
    struct store *st;
    struct db *db;
    if (cli_open(cfg, &st, &db) != 0)
        return 1;
    struct arena *a = arena_new();
    int rc = sub == 0   ? user_add(argc, argv, db, a)
             : sub == 1 ? user_passwd(argc, argv, db, a)
             : sub == 2 ? user_list(db, a)
             : sub == 3 ? user_tokens(argc, argv, db, a)
                        : user_revoke_token(argc, argv, db, a);
    arena_free(a);
    store_release(db);
    store_close(st);
    return rc;
}

/* Integration-test harness: runs the real `loket` binary ($LOKET_BIN) on a
** free loopback port with a fresh demo database in a temporary data
** directory, and speaks HTTP to it with libcurl (curl tests/http, h2o
** spawn_h2o and empty_port).
**
** A test file is one cmocka group. Its main() ends with
**     return it_finish(cmocka_run_group_tests(tests, setup, teardown));
** so that servers still running are killed and the data directories are
** removed when everything passed, or kept (and their paths printed, with
** server.log inside) when something failed. */
#ifndef LOKET_IT_HARNESS_H
#define LOKET_IT_HARNESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define IT_PASSWORD "loket-demo"

/* ---- servers ------------------------------------------------------------ */

struct it_server {
    pid_t pid;       /* 0 when not running */
    int port;
    bool tls;
    bool inited;     /* `loket init --demo` has run on dir */
    char dir[256];   /* data directory; empty until the first start */
    char base[64];   /* http://127.0.0.1:PORT or https://... */
    char log[300];   /* dir/server.log */
};

struct it_server_opts {
    const char *const *env; /* "KEY=VALUE" entries, NULL-terminated; may be NULL */
    bool tls;               /* speak https (LOKET_TLS_CERT/KEY must be in env) */
};

/* Creates s->dir (mkdtemp under /tmp) if it is empty. */
int it_datadir(struct it_server *s);
/* Starts `loket serve` on a free port: creates the data directory and runs
** `loket init --demo` on the first start; a later start (after
** it_server_stop) reuses the directory and picks a new port. Waits for
** GET /healthz → 200 (10 s). Returns 0, or -1 with the reason on stderr. */
int it_server_start(struct it_server *s, const struct it_server_opts *o);
/* SIGTERM, wait (30 s, then SIGKILL). Returns the exit status, 128+signal
** when killed by a signal, or -1 when the server was not running. */
int it_server_stop(struct it_server *s);
/* it_server_stop, then checks exit status 0 and that server.log holds no
** sanitizer report. Returns 0 when clean; otherwise prints why, -1. */
int it_server_stop_clean(struct it_server *s);
/* Whether server.log contains a sanitizer report. */
bool it_server_log_dirty(const struct it_server *s);
/* Binds 127.0.0.1:0, reads the port, closes. */
int it_free_port(void);
/* Marks that something went wrong, so data directories are kept. */
void it_mark_failed(void);
/* Kills servers still running, removes data directories unless a test
** failed (then prints their paths). Returns failed (cmocka's count), or 1
** when only the harness saw a failure (e.g. an unclean server exit). */
int it_finish(int failed);

/* ---- commands ----------------------------------------------------------- */

struct it_cmd {
    int status; /* exit status, 128+signal, or -1 when it could not run */
    char *out;  /* standard output, NUL-terminated */
    char *err;  /* standard error */
};

/* Runs argv (argv[0] searched in PATH when it has no '/') with input on
** standard input (NULL: empty) and env added to a copy of the environment
** without LOKET_* variables. Kills it after 60 s. */
int it_run(struct it_cmd *c, const char *input, const char *const *env,
           const char *const *argv);
/* it_run of $LOKET_BIN with the given arguments (NULL-terminated). */
int it_loket(struct it_cmd *c, const char *input, const char *const *env, ...)
    __attribute__((sentinel));
void it_cmd_free(struct it_cmd *c);
/* Path of the loket binary under test. */
const char *it_loket_bin(void);

/* ---- HTTP ---------------------------------------------------------------- */

struct it_resp {
    long status;         /* 0 when the transfer failed */
    char *body;          /* NUL-terminated */
    size_t len;
    json_t *json;        /* body parsed as JSON, or NULL */
    char headers[16384]; /* raw header lines of the final response */
    size_t hlen;
    char curl_error[256];
};

/* One client: its own connections and cookie jar, and the CSRF token or
** bearer token it sends. */
struct it_client {
    void *share; /* CURLSH: cookie jar and connection cache */
    const struct it_server *srv;
    char csrf[80];      /* sent as X-CSRF-Token on non-GET unless IT_NO_CSRF */
    char bearer[80];    /* sent as Authorization: Bearer when set */
    json_int_t user_id; /* after it_login */
};

enum {
    IT_NO_CSRF = 1,     /* do not send the client's X-CSRF-Token */
    IT_CHUNKED = 2,     /* send the body with Transfer-Encoding: chunked */
    IT_NO_COOKIES = 4,  /* send no cookies from the jar */
};

void it_client_init(struct it_client *c, const struct it_server *s);
void it_client_cleanup(struct it_client *c);

/* Sends one request through client c (required); body (len bytes, may be NULL) goes out as
** application/json unless headers say otherwise. headers: extra header
** lines, NULL-terminated, may be NULL. Frees what *r held before. Returns
** r->status. */
long it_request(struct it_client *c, const char *method, const char *path, const char *body,
                size_t len, const char *const *headers, unsigned flags, struct it_resp *r);
long it_get(struct it_client *c, const char *path, struct it_resp *r);
/* body is stolen (json_decref'd); NULL sends no body */
long it_post(struct it_client *c, const char *path, json_t *body, struct it_resp *r);
long it_patch(struct it_client *c, const char *path, json_t *body, struct it_resp *r);
long it_delete(struct it_client *c, const char *path, struct it_resp *r);
/* printf-style path */
const char *it_path(char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void it_resp_free(struct it_resp *r);

/* POST /api/v1/auth/login; on 200 keeps the CSRF token and the user id in
** c and returns c->csrf; otherwise NULL. */
const char *it_login(struct it_client *c, const char *login, const char *password);

/* A response header's value (first occurrence, case-insensitive name) into
** buf; NULL when absent. */
const char *it_header(const struct it_resp *r, const char *name, char *buf, size_t n);
/* The value of the Set-Cookie header that sets name (whole header line
** value), into buf; NULL when absent. */
const char *it_set_cookie(const struct it_resp *r, const char *name, char *buf, size_t n);

/* ---- JSON paths ("user.email", "items.0.id") -------------------------- */

json_t *jget(json_t *j, const char *path);
/* the string, or "(missing)" so that assert_string_equal never sees NULL */
const char *jstr(json_t *j, const char *path);
/* the integer, or INT64_MIN when absent or not an integer */
json_int_t jint(json_t *j, const char *path);
bool jhas(json_t *j, const char *path);
bool jtrue(json_t *j, const char *path);

/* ---- checks that print the response when they fail ----------------------- */

void it_check(const struct it_resp *r, long status, const char *code, const char *file,
              int line);
#define expect_status(r, st) it_check((r), (st), NULL, __FILE__, __LINE__)
#define expect_error(r, st, code) it_check((r), (st), (code), __FILE__, __LINE__)
/* fails unless the error's "fields" names field */
void it_check_field(const struct it_resp *r, const char *field, const char *file, int line);
#define expect_field(r, f) it_check_field((r), (f), __FILE__, __LINE__)

/* true when s is n lowercase hex digits */
bool it_is_hex(const char *s, size_t n);
/* monotonic milliseconds */
int64_t it_now_ms(void);
void it_sleep_ms(int ms);

#endif

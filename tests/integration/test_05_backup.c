/* backup-*: `loket backup` writes a dated online copy into DATA_DIR/backups
** and prunes old ones; `loket restore` puts one back, only while no server
** runs and only from a real database. The steps build on each other: a
** unit made before the backup survives the restore, one made after does
** not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "harness.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static struct it_server srv;
static char backup_path[4096];
static const char UNIT_BEFORE[] = "Unit Sebelum Cadangan";
static const char UNIT_AFTER[] = "Unit Sesudah Cadangan";

static int setup(void **state)
{
    (void)state;
    return it_server_start(&srv, NULL);
}

static int teardown(void **state)
{
    (void)state;
    return it_server_stop_clean(&srv);
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        s[--n] = 0;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct buf {
        char *p;
        size_t n;
    } b = {NULL, 0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        char *p = realloc(b.p, b.n + n);
        assert_non_null(p);
        b.p = p;
        memcpy(b.p + b.n, chunk, n);
        b.n += n;
    }
    fclose(f);
    *len = b.n;
    return b.p ? b.p : calloc(1, 1);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Runs `loket backup --data-dir D [args]` and returns the printed path. */
static void run_backup(char *out, size_t n, const char *keep_days)
{
    struct it_cmd c;
    if (keep_days)
        it_loket(&c, NULL, NULL, "backup", "--data-dir", srv.dir, "--keep-days", keep_days,
                 (char *)NULL);
    else
        it_loket(&c, NULL, NULL, "backup", "--data-dir", srv.dir, (char *)NULL);
    if (c.status != 0)
        print_error("loket backup: exit %d: %s%s\n", c.status, c.out, c.err);
    assert_int_equal(c.status, 0);
    snprintf(out, n, "%s", c.out);
    trim(out);
    it_cmd_free(&c);
}

static json_int_t count_units(const char *q)
{
    struct it_client c;
    struct it_resp r = {0};
    char path[200];
    it_client_init(&c, &srv);
    assert_non_null(it_login(&c, "admin@demo.test", IT_PASSWORD));
    it_get(&c, it_path(path, sizeof path, "/api/v1/units?q=%s", q), &r);
    expect_status(&r, 200);
    json_int_t n = jint(r.json, "total");
    it_resp_free(&r);
    it_client_cleanup(&c);
    return n;
}

static void create_unit(const char *name)
{
    struct it_client c;
    struct it_resp r = {0};
    it_client_init(&c, &srv);
    assert_non_null(it_login(&c, "admin@demo.test", IT_PASSWORD));
    it_post(&c, "/api/v1/units", json_pack("{s:s}", "name", name), &r);
    expect_status(&r, 201);
    it_resp_free(&r);
    it_client_cleanup(&c);
}

static void backup_1_prints_dated_path(void **state)
{
    (void)state;
    char path[4096], prefix[512];
    run_backup(path, sizeof path, NULL);
    snprintf(prefix, sizeof prefix, "%s/backups/loket-", srv.dir);
    if (strncmp(path, prefix, strlen(prefix)) != 0) {
        print_error("backup path %s is not under %s\n", path, prefix);
        fail();
    }
    /* loket-YYYYMMDD-HHMMSS.db */
    const char *name = path + strlen(prefix) - strlen("loket-");
    assert_int_equal(strlen(name), strlen("loket-YYYYMMDD-HHMMSS.db"));
    struct tm tm = {0};
    char tail[8] = "";
    assert_int_equal(sscanf(name, "loket-%4d%2d%2d-%2d%2d%2d%7s", &tm.tm_year, &tm.tm_mon,
                            &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, tail),
                     7);
    assert_string_equal(tail, ".db");
    for (size_t i = 6; i < 21; i++)
        assert_true(i == 14 ? name[i] == '-' : (name[i] >= '0' && name[i] <= '9'));
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    double skew = difftime(time(NULL), timegm(&tm)); /* the stamp is UTC, taken just now */
    assert_true(skew >= -5 && skew <= 120);

    size_t len;
    char *bytes = slurp(path, &len);
    assert_non_null(bytes);
    assert_true(len > 4096);
    assert_memory_equal(bytes, "SQLite format 3", 16);
    free(bytes);
    char partial[4200];
    snprintf(partial, sizeof partial, "%s.partial", path);
    assert_false(exists(partial));
}

static void backup_2_restore_refused_while_running(void **state)
{
    (void)state;
    create_unit(UNIT_BEFORE);
    run_backup(backup_path, sizeof backup_path, NULL);
    assert_true(exists(backup_path));
    create_unit(UNIT_AFTER);

    struct it_cmd c;
    it_loket(&c, NULL, NULL, "restore", "--data-dir", srv.dir, backup_path, (char *)NULL);
    assert_int_not_equal(c.status, 0);
    if (!strstr(c.err, "stop it first")) {
        print_error("restore while running said: %s%s\n", c.out, c.err);
        fail();
    }
    it_cmd_free(&c);
    /* and nothing changed */
    assert_int_equal(count_units("Sesudah%20Cadangan"), 1);
    assert_int_equal(count_units("Sebelum%20Cadangan"), 1);
}

static void backup_3_restore_garbage_leaves_db(void **state)
{
    (void)state;
    assert_int_equal(it_server_stop_clean(&srv), 0);
    char db[512], garbage[512], restoring[600];
    snprintf(db, sizeof db, "%s/loket.db", srv.dir);
    snprintf(garbage, sizeof garbage, "%s/garbage.db", srv.dir);
    snprintf(restoring, sizeof restoring, "%s.restoring", db);
    size_t before_len, after_len;
    char *before = slurp(db, &before_len);
    assert_non_null(before);

    write_file(garbage, "this is not a database, only some text that looks like one.\n");
    struct it_cmd c;
    it_loket(&c, NULL, NULL, "restore", "--data-dir", srv.dir, garbage, (char *)NULL);
    assert_int_not_equal(c.status, 0);
    assert_true(strlen(c.err) > 0);
    it_cmd_free(&c);
    /* an empty file and a missing one */
    write_file(garbage, "");
    it_loket(&c, NULL, NULL, "restore", "--data-dir", srv.dir, garbage, (char *)NULL);
    assert_int_not_equal(c.status, 0);
    it_cmd_free(&c);
    it_loket(&c, NULL, NULL, "restore", "--data-dir", srv.dir, "/nonexistent/loket.db",
             (char *)NULL);
    assert_int_not_equal(c.status, 0);
    it_cmd_free(&c);
    it_loket(&c, NULL, NULL, "restore", "--data-dir", srv.dir, (char *)NULL);
    assert_int_equal(c.status, 2);
    it_cmd_free(&c);
    /* a sound SQLite file that is not a Loket database */
    char other[512];
    snprintf(other, sizeof other, "%s/other.db", srv.dir);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(other, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", NULL, NULL,
                                  NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    it_loket(&c, NULL, NULL, "restore", "--data-dir", srv.dir, other, (char *)NULL);
    assert_int_not_equal(c.status, 0);
    it_cmd_free(&c);
    /* a backup cut short */
    size_t full_len;
    char *full = slurp(backup_path, &full_len);
    assert_non_null(full);
    assert_true(full_len > 8192);
    FILE *f = fopen(garbage, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(full, 1, full_len / 2, f), full_len / 2);
    fclose(f);
    free(full);
    it_loket(&c, NULL, NULL, "restore", "--data-dir", srv.dir, garbage, (char *)NULL);
    assert_int_not_equal(c.status, 0);
    it_cmd_free(&c);

    char *after = slurp(db, &after_len);
    assert_non_null(after);
    assert_int_equal(after_len, before_len);
    assert_memory_equal(after, before, before_len);
    assert_false(exists(restoring));
    free(before);
    free(after);
}

static void backup_4_restore_round_trip(void **state)
{
    (void)state;
    struct it_cmd c;
    it_loket(&c, NULL, NULL, "restore", "--data-dir", srv.dir, backup_path, (char *)NULL);
    if (c.status != 0)
        print_error("restore: exit %d: %s%s\n", c.status, c.out, c.err);
    assert_int_equal(c.status, 0);
    /* the database it replaced is kept beside it */
    const char *kept = strstr(c.out, "previous database kept as ");
    assert_non_null(kept);
    char keep[4096];
    snprintf(keep, sizeof keep, "%s", kept + strlen("previous database kept as "));
    char *close_paren = strrchr(keep, ')');
    if (close_paren)
        *close_paren = 0;
    trim(keep);
    assert_true(exists(keep));
    it_cmd_free(&c);

    assert_int_equal(it_server_start(&srv, NULL), 0);
    assert_int_equal(count_units("Sebelum%20Cadangan"), 1);
    assert_int_equal(count_units("Sesudah%20Cadangan"), 0);
}

static void backup_5_retention(void **state)
{
    (void)state;
    char old[600], other[600], fresh[4096];
    snprintf(old, sizeof old, "%s/backups/loket-20200101-000000.db", srv.dir);
    snprintf(other, sizeof other, "%s/backups/notes.txt", srv.dir);
    write_file(old, "an old backup");
    write_file(other, "not a backup; must stay");
    assert_true(exists(old));

    struct it_cmd c;
    it_loket(&c, NULL, NULL, "backup", "--data-dir", srv.dir, "--keep-days", "0", (char *)NULL);
    assert_int_equal(c.status, 2);
    it_cmd_free(&c);
    it_loket(&c, NULL, NULL, "backup", "--data-dir", srv.dir, "--bogus", (char *)NULL);
    assert_int_equal(c.status, 2);
    it_cmd_free(&c);
    assert_true(exists(old));

    run_backup(fresh, sizeof fresh, "30");
    assert_true(exists(fresh));
    assert_false(exists(old));
    assert_true(exists(other));
    assert_true(exists(backup_path)); /* today's is young enough */
    assert_string_not_equal(fresh, backup_path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(backup_1_prints_dated_path),
        cmocka_unit_test(backup_2_restore_refused_while_running),
        cmocka_unit_test(backup_3_restore_garbage_leaves_db),
        cmocka_unit_test(backup_4_restore_round_trip),
        cmocka_unit_test(backup_5_retention),
    };
    return it_finish(cmocka_run_group_tests(tests, setup, teardown));
}

/* `loket backup` and `loket restore`, the data-directory lock that keeps
** restore away from a running server, and the retention of old backups. */
#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void lock_path(const char *data_dir, char *buf, size_t n)
{
    snprintf(buf, n, "%s/loket.lock", data_dir);
}

int server_lock(const char *data_dir)
{
    char path[4096];
    lock_path(data_dir, path, sizeof path);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) == 0)
        (void)!write(fd, pid, (size_t)n);
    return 0; /* fd stays open: the lock lives as long as the process */
}

bool server_running(const char *data_dir)
{
    char path[4096];
    lock_path(data_dir, path, sizeof path);
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool held = flock(fd, LOCK_EX | LOCK_NB) != 0;
    close(fd);
    return held;
}

/* Backups are named loket-YYYYMMDD-HHMMSS.db; the name carries the date. */
static int prune(const char *dir, long keep_days)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    time_t cutoff = time(NULL) - keep_days * 86400;
    struct dirent *e;
    int removed = 0;
    while ((e = readdir(d))) {
        struct tm tm = {0};
        size_t len = strlen(e->d_name);
        if (len < 3 || strcmp(e->d_name + len - 3, ".db") != 0 ||
            sscanf(e->d_name, "loket-%4d%2d%2d-%2d%2d%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
            continue;
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        if (timegm(&tm) < cutoff) {
            char path[4096 + 256 + 2];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            if (unlink(path) == 0)
                removed++;
        }
    }
    closedir(d);
    return removed;
}

int backup_run(struct db *db, const char *data_dir, long keep_days, char *out, size_t out_len,
               struct err *err)
{
    char dir[4096], tmp[4200];
    snprintf(dir, sizeof dir, "%s/backups", data_dir);
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
        return err_set(err, ERR_STORE, "backup.dir", "tidak dapat membuat %s: %s",
                       "cannot create %s: %s", dir, strerror(errno));
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(out, out_len, "%s/loket-%s.db", dir, stamp);
    /* Two backups in one second must not overwrite each other. */
    for (int i = 2; access(out, F_OK) == 0 && i < 100; i++)
        snprintf(out, out_len, "%s/loket-%s-%d.db", dir, stamp, i);
    /* Write beside, then rename: a crash never leaves a half backup under the real name. */
    snprintf(tmp, sizeof tmp, "%s.partial", out);
    unlink(tmp);
    if (db_backup(db, tmp, err) != 0) {
        unlink(tmp);
        return err->kind;
    }
    if (rename(tmp, out) != 0) {
        unlink(tmp);
        return err_set(err, ERR_STORE, "backup.rename", "tidak dapat menamai %s",
                       "cannot rename %s", tmp);
    }
    prune(dir, keep_days);
    return 0;
}

int cmd_backup(int argc, char **argv, struct config *cfg)
{
    long keep = cfg->backup_keep_days;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--keep-days") && i + 1 < argc) {
            char *end;
            keep = strtol(argv[++i], &end, 10);
            if (*end || keep < 1 || keep > 3650) {
                fprintf(stderr, "loket backup: --keep-days must be 1..3650\n");
                return 2;
            }
        } else {
            fprintf(stderr, "loket backup: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    struct store *st;
    struct db *db;
    struct err err = {0};
    char path[4096];
    if (cli_open(cfg, &st, &db) != 0)
        return 1;
    int rc = backup_run(db, cfg->data_dir, keep, path, sizeof path, &err);
    if (rc == 0)
        printf("%s\n", path);
    else
        fprintf(stderr, "loket backup: %s\n", err.msg[LOC_EN]);
    store_release(db);
    store_close(st);
    return rc == 0 ? 0 : 1;
}

static int copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (out < 0) {
        close(in);
        return -1;
    }
    char buf[65536];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n) {
            rc = -1;
            break;
        }
    if (n < 0 || fsync(out) != 0)
        rc = -1;
    close(in);
    close(out);
    return rc;
}

int cmd_restore(int argc, char **argv, struct config *cfg)
{
    if (argc != 2) {
        fprintf(stderr, "usage: loket restore FILE\n");
        return 2;
    }
    const char *file = argv[1];
    struct err err = {0};
    if (cfg->db_url[0] && strncmp(cfg->db_url, "sqlite:", 7) != 0) {
        fprintf(stderr, "loket restore: only SQLite databases are restored by this command\n");
        return 1;
    }
    if (server_running(cfg->data_dir)) {
        fprintf(stderr, "loket restore: a server is running on %s; stop it first\n",
                cfg->data_dir);
        return 1;
    }
    if (store_check_file(file, &err) != 0) {
        fprintf(stderr, "loket restore: %s\n", err.msg[LOC_EN]);
        return 1;
    }
    const char *db = config_db_path(cfg);
    char tmp[4200], keep[4200], side[4200];
    snprintf(tmp, sizeof tmp, "%s.restoring", db);
    if (copy_file(file, tmp) != 0 || store_check_file(tmp, &err) != 0) {
        fprintf(stderr, "loket restore: cannot copy %s\n", file);
        unlink(tmp);
        return 1;
    }
    /* Keep the current database beside, in case the restore was a mistake. */
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(keep, sizeof keep, "%s.before-restore-%s", db, stamp);
    if (access(db, F_OK) == 0) {
        /* Through the backup API, so pages still in a WAL left by a crash come along. */
        struct store *st;
        struct db *cur = NULL;
        int rc = store_open(db, &st, &err);
        if (rc == 0) {
            if ((cur = store_acquire(st, &err)))
                rc = db_backup(cur, keep, &err);
            else
                rc = err.kind;
            if (cur)
                store_release(cur);
            store_close(st);
        }
        if (rc != 0) {
            fprintf(stderr, "loket restore: cannot keep a copy of the current database: %s\n",
                    err.msg[LOC_EN]);
            unlink(tmp);
            return 1;
        }
    }
    snprintf(side, sizeof side, "%s-wal", db);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db);
    unlink(side);
    if (rename(tmp, db) != 0) {
        fprintf(stderr, "loket restore: cannot replace %s: %s\n", db, strerror(errno));
        return 1;
    }
    printf("restored %s from %s (previous database kept as %s)\n", db, file, keep);
    return 0;
}

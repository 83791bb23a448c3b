/* A VFS over SQLite's default one that writes each commit's WAL frames with
** one system call. SQLite appends a frame as two writes (a 24-byte header,
** then the page), so a group commit of fifty pages made a hundred pwrite
** calls, a tenth of the batch writer's time. Here writes to a WAL file
** that continue the previous one are gathered in memory and written
** together, 64 KiB per call, once the commit frame (a header whose "database size" field is
** set) has its page, before SQLite publishes the commit in the WAL index:
** no reader, in this process or another, can look for a frame that is not
** in the file yet. Any other use of the file (read, sync, truncate, size,
** lock, close, a write elsewhere) writes out what is gathered first, so
** the file always reads as if every write had gone straight to it.
** Every other file is the default VFS's own, untouched. */
#include "store/sqlite/sqlite.h"
#include "core/buf.h"

#include <stdlib.h>
#include <string.h>

enum {
    WB_MAX = 4 << 20, /* gather at most this much (a group commit is ~200 KB) */
    /* and keep a buffer this large between commits: a batch of bookings is
    ** ~8 pages each, 0.8 MB a commit on average and a quarter of them over
    ** 1 MB; giving those back made the next commit grow fresh memory again,
    ** 5.5 page faults per booking in the writer (bench/appointments.sh).
    ** Only the group-commit writer's WAL file ever grows this far. */
    WB_KEEP = WB_MAX,
    WB_SLICE = 1 << 16 /* bytes per write system call */
};

struct wb_file {
    sqlite3_file base;
    sqlite3_file *real; /* the default VFS's file, in the same allocation */
    unsigned char *buf;
    size_t len, cap;
    sqlite3_int64 off; /* file offset of buf[0] */
    bool commit_next;  /* the last header written was a commit frame's */
};

static sqlite3_vfs *real_vfs;
static sqlite3_vfs wb_vfs;
static sqlite3_io_methods wb_io;

static int flush(struct wb_file *f)
{
    if (!f->len)
        return SQLITE_OK;
    /* in slices: the unix VFS masks a write's length to 17 bits (it never
    ** expects more than a page), so a longer one would come out short */
    int rc = SQLITE_OK;
    for (size_t done = 0; rc == SQLITE_OK && done < f->len; done += WB_SLICE) {
        size_t n = f->len - done < WB_SLICE ? f->len - done : WB_SLICE;
        rc = f->real->pMethods->xWrite(f->real, f->buf + done, (int)n,
                                       f->off + (sqlite3_int64)done);
    }
    f->len = 0;
    if (f->cap > WB_KEEP) { /* an unusually large transaction: give it back */
        free(f->buf);
        f->buf = NULL;
        f->cap = 0;
    }
    return rc;
}

static int wb_write(sqlite3_file *file, const void *data, int amt, sqlite3_int64 off)
{
    struct wb_file *f = (struct wb_file *)file;
    size_t n = (size_t)amt;
    if (f->len && off != f->off + (sqlite3_int64)f->len) {
        int rc = flush(f);
        if (rc != SQLITE_OK)
            return rc;
    }
    if (f->len + n > WB_MAX) {
        int rc = flush(f);
        if (rc != SQLITE_OK)
            return rc;
        return f->real->pMethods->xWrite(f->real, data, amt, off);
    }
    if (f->len + n > f->cap) {
        unsigned char *b = vec_grow(f->buf, &f->cap, f->len + n, 1, WB_MAX);
        if (!b) {
            int rc = flush(f);
            return rc != SQLITE_OK ? rc : f->real->pMethods->xWrite(f->real, data, amt, off);
        }
        f->buf = b;
    }
    if (!f->len)
        f->off = off;
    memcpy(f->buf + f->len, data, n);
    f->len += n;
    /* a frame header is 24 bytes; bytes 4..7 hold the database size in
    ** pages after a commit, 0 in the other frames of a transaction */
    if (n == 24) {
        const unsigned char *h = data;
        f->commit_next = (h[4] | h[5] | h[6] | h[7]) != 0;
        return SQLITE_OK;
    }
    if (f->commit_next) {
        f->commit_next = false;
        return flush(f);
    }
    return SQLITE_OK;
}

static int wb_close(sqlite3_file *file)
{
    struct wb_file *f = (struct wb_file *)file;
    int rc = flush(f);
    int rc2 = f->real->pMethods->xClose(f->real);
    free(f->buf);
    f->buf = NULL;
    f->cap = 0;
    return rc != SQLITE_OK ? rc : rc2;
}

/* The rest pass through, after writing out what is gathered. */
#define FLUSHED(f) do { int frc_ = flush(f); if (frc_ != SQLITE_OK) return frc_; } while (0)

static int wb_read(sqlite3_file *file, void *out, int amt, sqlite3_int64 off)
{
    struct wb_file *f = (struct wb_file *)file;
    FLUSHED(f);
    return f->real->pMethods->xRead(f->real, out, amt, off);
}

static int wb_truncate(sqlite3_file *file, sqlite3_int64 size)
{
    struct wb_file *f = (struct wb_file *)file;
    FLUSHED(f);
    return f->real->pMethods->xTruncate(f->real, size);
}

static int wb_sync(sqlite3_file *file, int flags)
{
    struct wb_file *f = (struct wb_file *)file;
    FLUSHED(f);
    return f->real->pMethods->xSync(f->real, flags);
}

static int wb_size(sqlite3_file *file, sqlite3_int64 *size)
{
    struct wb_file *f = (struct wb_file *)file;
    FLUSHED(f);
    return f->real->pMethods->xFileSize(f->real, size);
}

static int wb_lock(sqlite3_file *file, int level)
{
    struct wb_file *f = (struct wb_file *)file;
    FLUSHED(f);
    return f->real->pMethods->xLock(f->real, level);
}

static int wb_unlock(sqlite3_file *file, int level)
{
    struct wb_file *f = (struct wb_file *)file;
    FLUSHED(f);
    return f->real->pMethods->xUnlock(f->real, level);
}

static int wb_check_lock(sqlite3_file *file, int *out)
{
    struct wb_file *f = (struct wb_file *)file;
    return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int wb_fcntl(sqlite3_file *file, int op, void *arg)
{
    struct wb_file *f = (struct wb_file *)file;
    FLUSHED(f);
    return f->real->pMethods->xFileControl(f->real, op, arg);
}

static int wb_sector(sqlite3_file *file)
{
    struct wb_file *f = (struct wb_file *)file;
    return f->real->pMethods->xSectorSize(f->real);
}

static int wb_device(sqlite3_file *file)
{
    struct wb_file *f = (struct wb_file *)file;
    return f->real->pMethods->xDeviceCharacteristics(f->real);
}

static int wb_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out)
{
    (void)vfs;
    if (flags & SQLITE_OPEN_MAIN_DB) /* own commits told apart: owncommit.c */
        return sq_own_open(real_vfs, name, file, flags, out);
    if (!(flags & SQLITE_OPEN_WAL)) /* not ours: the default VFS's file, as it is */
        return real_vfs->xOpen(real_vfs, name, file, flags, out);
    struct wb_file *f = (struct wb_file *)file;
    memset(f, 0, sizeof *f);
    f->real = (sqlite3_file *)(f + 1);
    int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out);
    if (rc == SQLITE_OK && f->real->pMethods)
        f->base.pMethods = &wb_io;
    return rc;
}

/* Registers the VFS as the process's default; once, before any open. */
void sq_walbuf_register(void)
{
    real_vfs = sqlite3_vfs_find(NULL);
    if (!real_vfs)
        return;
    wb_vfs = *real_vfs;
    wb_vfs.zName = "loket-walbuf";
    int sz = (int)sizeof(struct wb_file) + real_vfs->szOsFile;
    wb_vfs.szOsFile = sz > real_vfs->szOsFile ? sz : real_vfs->szOsFile;
    int own = (int)sq_own_file_size(real_vfs->szOsFile);
    if (own > wb_vfs.szOsFile)
        wb_vfs.szOsFile = own;
    wb_vfs.xOpen = wb_open;
    wb_io = (sqlite3_io_methods){
        .iVersion = 1,
        .xClose = wb_close,
        .xRead = wb_read,
        .xWrite = wb_write,
        .xTruncate = wb_truncate,
        .xSync = wb_sync,
        .xFileSize = wb_size,
        .xLock = wb_lock,
        .xUnlock = wb_unlock,
        .xCheckReservedLock = wb_check_lock,
        .xFileControl = wb_fcntl,
        .xSectorSize = wb_sector,
        .xDeviceCharacteristics = wb_device,
    };
    sqlite3_vfs_register(&wb_vfs, 1);
}

/* Telling this store's own commits from everybody else's (watch.c). The
** WAL index (the -shm file) starts with a header whose iChange field SQLite
** increments on every commit and every WAL restart (its layout is part of
** the documented file format: sqlite.org/walformat.html, "The WAL-Index
** Header"; every SQLite version sharing the file relies on it). Only the
** holder of the WAL write lock moves it. This shim over the default VFS's
** main-database files sees that lock taken and released (xShmLock on slot
** 0): for a connection of a store (sq_own_attach) it reads iChange when the
** lock is taken and again just before it is released, so every value in
** between is that store's own, exactly, with no window for anybody else.
** The store keeps `expl`, the iChange up to which every commit is accounted
** for (its own, or already announced by moving the generations); a value
** past it that its own writer does not hold is somebody else's commit.
** Every other method passes through to the default VFS untouched. */
#include "store/sqlite/sqlite.h"

#include <stdatomic.h>
#include <string.h>

struct own_file {
    sqlite3_file base;
    sqlite3_file *real; /* the default VFS's file, in the same allocation */
    const volatile uint32_t *hdr; /* the WAL index's first region, once mapped */
    struct sq_own *own; /* the store this connection belongs to, or NULL */
    bool writing;       /* holds the WAL write lock, with iChange at taking it */
    uint32_t start;
};

/* by the default VFS file's method version (1..3): the shared-memory
** methods exist from 2, xFetch from 3 */
static sqlite3_io_methods own_io[4];
static pthread_once_t own_once = PTHREAD_ONCE_INIT;

/* iChange of the header, read as SQLite's readers do: both copies, a
** barrier between, equal and initialised, else try again. */
static bool hdr_change(const volatile uint32_t *hdr, uint32_t *out)
{
    if (!hdr)
        return false;
    for (int tries = 0; tries < 100; tries++) {
        uint32_t a[12], b[12];
        for (int i = 0; i < 12; i++)
            a[i] = hdr[i];
        atomic_thread_fence(memory_order_seq_cst);
        for (int i = 0; i < 12; i++)
            b[i] = hdr[12 + i];
        /* byte 12 is isInit */
        if (memcmp(a, b, sizeof a) == 0 && ((const unsigned char *)a)[12]) {
            *out = a[2];
            return true;
        }
    }
    return false;
}

static int own_shm_lock(sqlite3_file *file, int ofst, int n, int flags)
{
    struct own_file *f = (struct own_file *)file;
    enum { TAKE = SQLITE_SHM_LOCK | SQLITE_SHM_EXCLUSIVE,
           GIVE = SQLITE_SHM_UNLOCK | SQLITE_SHM_EXCLUSIVE };
    if (f->own && ofst == 0 && flags == GIVE && f->writing) {
        /* still holding it: nobody else has moved iChange since `start` */
        struct sq_own *o = f->own;
        uint32_t now;
        pthread_mutex_lock(&o->mu);
        if (hdr_change(f->hdr, &now) && o->known && f->start == atomic_load(&o->expl))
            atomic_store(&o->expl, now);
        o->active = false;
        pthread_mutex_unlock(&o->mu);
        f->writing = false;
    }
    int rc = f->real->pMethods->xShmLock(f->real, ofst, n, flags);
    if (rc == SQLITE_OK && f->own && ofst == 0 && flags == TAKE) {
        struct sq_own *o = f->own;
        pthread_mutex_lock(&o->mu);
        f->writing = hdr_change(f->hdr, &f->start);
        o->active = f->writing;
        o->start = f->start;
        pthread_mutex_unlock(&o->mu);
    }
    return rc;
}

static int own_shm_map(sqlite3_file *file, int region, int size, int extend, void volatile **pp)
{
    struct own_file *f = (struct own_file *)file;
    int rc = f->real->pMethods->xShmMap(f->real, region, size, extend, pp);
    if (rc == SQLITE_OK && region == 0 && *pp)
        f->hdr = (const volatile uint32_t *)*pp;
    return rc;
}

static int own_shm_unmap(sqlite3_file *file, int del)
{
    struct own_file *f = (struct own_file *)file;
    f->hdr = NULL;
    return f->real->pMethods->xShmUnmap(f->real, del);
}

/* ---- plain pass-through ---- */
#define REAL(file) (((struct own_file *)(file))->real)
static int own_close(sqlite3_file *x) { return REAL(x)->pMethods->xClose(REAL(x)); }
static int own_read(sqlite3_file *x, void *p, int n, sqlite3_int64 o)
{
    return REAL(x)->pMethods->xRead(REAL(x), p, n, o);
}
static int own_write(sqlite3_file *x, const void *p, int n, sqlite3_int64 o)
{
    return REAL(x)->pMethods->xWrite(REAL(x), p, n, o);
}
static int own_truncate(sqlite3_file *x, sqlite3_int64 n)
{
    return REAL(x)->pMethods->xTruncate(REAL(x), n);
}
static int own_sync(sqlite3_file *x, int fl) { return REAL(x)->pMethods->xSync(REAL(x), fl); }
static int own_size(sqlite3_file *x, sqlite3_int64 *n)
{
    return REAL(x)->pMethods->xFileSize(REAL(x), n);
}
static int own_lock(sqlite3_file *x, int l) { return REAL(x)->pMethods->xLock(REAL(x), l); }
static int own_unlock(sqlite3_file *x, int l) { return REAL(x)->pMethods->xUnlock(REAL(x), l); }
static int own_check(sqlite3_file *x, int *r)
{
    return REAL(x)->pMethods->xCheckReservedLock(REAL(x), r);
}
static int own_fcntl(sqlite3_file *x, int op, void *a)
{
    return REAL(x)->pMethods->xFileControl(REAL(x), op, a);
}
static int own_sector(sqlite3_file *x) { return REAL(x)->pMethods->xSectorSize(REAL(x)); }
static int own_device(sqlite3_file *x)
{
    return REAL(x)->pMethods->xDeviceCharacteristics(REAL(x));
}
static void own_barrier(sqlite3_file *x) { REAL(x)->pMethods->xShmBarrier(REAL(x)); }
static int own_fetch(sqlite3_file *x, sqlite3_int64 o, int n, void **pp)
{
    return REAL(x)->pMethods->xFetch(REAL(x), o, n, pp);
}
static int own_unfetch(sqlite3_file *x, sqlite3_int64 o, void *p)
{
    return REAL(x)->pMethods->xUnfetch(REAL(x), o, p);
}

size_t sq_own_file_size(int real_size)
{
    return sizeof(struct own_file) + (size_t)real_size;
}

static void own_init(void)
{
    for (int v = 1; v <= 3; v++)
        own_io[v] = (sqlite3_io_methods){
            .iVersion = v,
            .xClose = own_close,
            .xRead = own_read,
            .xWrite = own_write,
            .xTruncate = own_truncate,
            .xSync = own_sync,
            .xFileSize = own_size,
            .xLock = own_lock,
            .xUnlock = own_unlock,
            .xCheckReservedLock = own_check,
            .xFileControl = own_fcntl,
            .xSectorSize = own_sector,
            .xDeviceCharacteristics = own_device,
            .xShmMap = v >= 2 ? own_shm_map : NULL,
            .xShmLock = v >= 2 ? own_shm_lock : NULL,
            .xShmBarrier = v >= 2 ? own_barrier : NULL,
            .xShmUnmap = v >= 2 ? own_shm_unmap : NULL,
            .xFetch = v >= 3 ? own_fetch : NULL,
            .xUnfetch = v >= 3 ? own_unfetch : NULL,
        };
}

/* A main database file (walbuf.c's xOpen): the default VFS's file inside
** ours, with the same method version. */
int sq_own_open(sqlite3_vfs *real, const char *name, sqlite3_file *file, int flags, int *out)
{
    pthread_once(&own_once, own_init);
    struct own_file *f = (struct own_file *)file;
    memset(f, 0, sizeof *f);
    f->real = (sqlite3_file *)(f + 1);
    int rc = real->xOpen(real, name, f->real, flags, out);
    if (f->real->pMethods) {
        int v = f->real->pMethods->iVersion;
        f->base.pMethods = &own_io[v < 1 ? 1 : v > 3 ? 3 : v];
    }
    return rc;
}

void *sq_own_file(sqlite3 *h)
{
    sqlite3_file *file = NULL;
    if (sqlite3_file_control(h, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK ||
        !file || file->pMethods < &own_io[1] || file->pMethods > &own_io[3])
        return NULL;
    return (struct own_file *)file;
}

void sq_own_attach(sqlite3 *h, struct sq_own *o)
{
    struct own_file *f = sq_own_file(h);
    if (f)
        f->own = o;
}

int sq_own_changed(void *watch_file, struct sq_store *s)
{
    struct sq_own *o = &s->own;
    struct own_file *f = watch_file;
    uint32_t now;
    if (!f || !hdr_change(f->hdr, &now))
        return -1;
    if (o->known && now == atomic_load_explicit(&o->expl, memory_order_acquire))
        return 0; /* the hot path: no commit, or only our own, since */
    int changed = 0;
    pthread_mutex_lock(&o->mu);
    if (!hdr_change(f->hdr, &now)) {
        changed = -1;
    } else if (o->known && (now == atomic_load(&o->expl) ||
                            (o->active && o->start == atomic_load(&o->expl)))) {
        /* our writer holds the lock: whatever moved since expl is its own */
    } else {
        /* announced before expl moves: a reader that finds expl current
        ** finds the generations moved too */
        atomic_fetch_add_explicit(&s->base.generation, 1, memory_order_release);
        atomic_fetch_add_explicit(&s->base.conf_generation, 1, memory_order_release);
        atomic_store(&o->expl, now);
        o->known = true;
        changed = 1;
    }
    pthread_mutex_unlock(&o->mu);
    return changed;
}

/* What every driver's migrate_plan shares: which versions a binary knows
** and the refusal of a database a newer binary wrote (store.too_new). */
#include "store/migration.h"
#include "core/err.h"

bool migration_known(const struct migration *list, int64_t version)
{
    for (const struct migration *m = list; m->version; m++)
        if (m->version == version)
            return true;
    return false;
}

int migration_count(const struct migration *list)
{
    int n = 0;
    for (const struct migration *m = list; m->version; m++)
        n++;
    return n;
}

int migration_too_new(const struct migration *list, int64_t unknown, struct err *err)
{
    int64_t newest = 0;
    for (const struct migration *m = list; m->version; m++)
        newest = m->version > newest ? m->version : newest;
    return err_set(err, ERR_STORE, "store.too_new",
                   "basis data memuat migrasi %04lld yang tidak dikenal loket ini (paling "
                   "baru %04lld): basis data dibuat oleh versi yang lebih baru; pasang versi "
                   "itu lagi atau pulihkan cadangan dari sebelum pembaruan",
                   "the database has migration %04lld, which this loket does not know (it "
                   "knows up to %04lld): a newer version wrote it; install that version "
                   "again or restore a backup made before the upgrade",
                   (long long)unknown, (long long)newest);
}

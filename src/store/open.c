/* store_open: picks the driver by the URL (docs/storage-driver.md):
** postgresql:// and postgres:// go to the PostgreSQL driver, everything
** else ("sqlite:PATH" or a plain path) to the SQLite one. */
#include "store/store.h"
#include "store/pg/ops.h"
#include "store/sqlite/ops.h"

#include <string.h>

int store_open(const char *url, struct store **out, struct err *err)
{
    if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
        return pg_store_open(url, out, err);
    return sqlite_store_open(url, out, err);
}

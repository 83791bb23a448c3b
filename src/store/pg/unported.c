/* PostgreSQL driver: the tables not yet ported (issue #19). Every operation
** here answers ERR_UNSUPPORTED "store.unported", so a server on PostgreSQL
** fails loudly and clearly where an area is missing, never silently. One
** section per table, between its "---- pg_<x>_ops ----" comment lines: the
** helper porting an area deletes its section in the commit that adds its
** file (docs/postgresql.md lists what is still here; tools/pg_unported.py
** writes this file anew from what store/pg/ defines). The parameters are
** unused by design. */
#include "store/pg/ops.h"

#include <stddef.h>

#pragma GCC diagnostic ignored "-Wunused-parameter"

/* unused once every table is ported: then this file can go */
__attribute__((unused)) static int unported(struct err *err)
{
    return err_text(err, ERR_UNSUPPORTED, "store.unported", "belum tersedia di driver PostgreSQL",
                    "not yet in the PostgreSQL driver");
}

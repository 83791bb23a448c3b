/* The role policy from the store into core/perm.c (svc/policy.h). */
#include "svc/policy.h"
#include "core/perm.h"
#include "store/policy.h"

int svc_policy_load(struct db *db, struct arena *a, struct err *err)
{
    struct perm_policy pol;
    struct policy_row *rows;
    size_t n;
    perm_policy_default(&pol);
    if (store_policy_list(db, a, &rows, &n, err) != 0)
        return err->kind;
    for (size_t i = 0; i < n; i++) {
        enum perm_right r;
        enum perm_class c;
        /* a row of a right this binary no longer has is ignored */
        if (perm_right_parse(rows[i].right, &r) == 0 && perm_class_parse(rows[i].class_name, &c) == 0)
            pol.allow[r][c] = rows[i].allowed;
    }
    perm_policy_install(&pol);
    return 0;
}

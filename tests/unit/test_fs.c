/* fs-*: core/fs.h — fs_mkdirs makes every missing parent, accepts what
** exists, fails where a file stands in the way, and refuses a path too long
** for its buffer instead of creating a truncated one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/fs.h"

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static void fs_1_mkdirs(void **state)
{
    (void)state;
    char root[] = "/tmp/loket-fs-XXXXXX";
    assert_non_null(mkdtemp(root));
    char p[512];
    snprintf(p, sizeof p, "%s/a/b/c", root);
    assert_int_equal(fs_mkdirs(p), 0);
    assert_true(is_dir(p));
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0027, 0); /* 0750: no group write, nothing for others */
    assert_int_equal(fs_mkdirs(p), 0); /* exists: fine */
    snprintf(p, sizeof p, "%s/a/b/c/", root);
    assert_int_equal(fs_mkdirs(p), 0); /* trailing slash */

    /* a file in the way */
    char f[512];
    snprintf(f, sizeof f, "%s/a/file", root);
    FILE *fp = fopen(f, "w");
    assert_non_null(fp);
    fclose(fp);
    snprintf(p, sizeof p, "%s/a/file/d", root);
    assert_int_equal(fs_mkdirs(p), -1);

    /* too long: refused, nothing made */
    char *longp = malloc(5000);
    int k = snprintf(longp, 5000, "%s/long/", root);
    memset(longp + k, 'x', 5000 - (size_t)k - 1);
    longp[4999] = 0;
    errno = 0;
    assert_int_equal(fs_mkdirs(longp), -1);
    assert_int_equal(errno, ENAMETOOLONG);
    snprintf(p, sizeof p, "%s/long", root);
    assert_false(is_dir(p));
    free(longp);

    unlink(f);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fs_1_mkdirs),
    };
    return cmocka_run_group_tests_name("fs", tests, NULL, NULL);
}

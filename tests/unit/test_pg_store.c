/* pg-store: test_store.c's driver-neutral cases (records, transactions,
** sessions and users, API tokens, sign-in throttling, settings, the audit
** log) run unchanged on a fresh PostgreSQL database each (pg_fixture.h;
** skipped without LOKET_TEST_PG): the same codes, values and orders as the
** SQLite driver gives. The cases that read the SQLite file itself stay in
** unit-store only. */
#define STORE_TEST_PG 1
#pragma GCC diagnostic ignored "-Wunused-function"
#include "test_store.c"

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(store_2_record_crud, setup, teardown),
        cmocka_unit_test_setup_teardown(store_3_unique_conflicts, setup, teardown),
        cmocka_unit_test_setup_teardown(store_4_referenced_rows_not_deleted, setup, teardown),
        cmocka_unit_test_setup_teardown(store_5_missing_refs_and_loops, setup, teardown),
        cmocka_unit_test_setup_teardown(store_6_list_search_filter_sort_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(store_7_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(store_8_sessions_and_users, setup, teardown),
        cmocka_unit_test_setup_teardown(store_9_login_throttle, setup, teardown),
        cmocka_unit_test_setup_teardown(store_10_settings, setup, teardown),
        cmocka_unit_test_setup_teardown(store_11_audit_log, setup, teardown),
    };
    return cmocka_run_group_tests_name("pg-store", tests, NULL, NULL);
}

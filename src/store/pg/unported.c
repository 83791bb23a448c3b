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

/* ---- pg_ticket_ops ---- */

static int u_ticket_ticket_create(struct db *db, struct ticket *t, const char *prefix, int year, struct arena *a, struct err *err)
{
    return unported(err);
}

static int u_ticket_ticket_get(struct db *db, const char *number, struct arena *a, struct ticket **out, struct err *err)
{
    return unported(err);
}

static int u_ticket_ticket_get_id(struct db *db, int64_t id, struct arena *a, struct ticket **out, struct err *err)
{
    return unported(err);
}

static int u_ticket_ticket_save(struct db *db, struct ticket *t, struct err *err)
{
    return unported(err);
}

static int u_ticket_ticket_list(struct db *db, const struct ticket_query *q, struct arena *a, struct ticket ***items, size_t *n, int64_t *total, bool *capped, struct err *err)
{
    return unported(err);
}

static int u_ticket_ticket_sweep_candidates(struct db *db, int64_t now, int64_t horizon, int64_t resolved_before, struct arena *a, struct ticket ***items, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_ticket_ticket_set_tags(struct db *db, int64_t ticket_id, const int64_t *tag_ids, size_t n, struct err *err)
{
    return unported(err);
}

static int u_ticket_ticket_add_tags(struct db *db, int64_t ticket_id, const int64_t *tag_ids, size_t n, size_t *added, struct err *err)
{
    return unported(err);
}

static int u_ticket_ticket_search_log(struct db *db, int64_t ticket_id, struct err *err)
{
    return unported(err);
}

static int u_ticket_event_add(struct db *db, const struct ticket_event *e, struct err *err)
{
    return unported(err);
}

static int u_ticket_events_list(struct db *db, int64_t ticket_id, bool with_internal, struct arena *a, struct ticket_event **items, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_ticket_redirect_add(struct db *db, int64_t service_id, int64_t user_id, int64_t at, struct err *err)
{
    return unported(err);
}

static int u_ticket_redirect_count(struct db *db, int64_t service_id, int64_t *count, struct err *err)
{
    return unported(err);
}

static int u_ticket_attachment_add(struct db *db, struct attachment *at, struct err *err)
{
    return unported(err);
}

static int u_ticket_attachment_get(struct db *db, int64_t id, struct arena *a, struct attachment *out, struct err *err)
{
    return unported(err);
}

static int u_ticket_attachments_list(struct db *db, int64_t ticket_id, bool with_internal, struct arena *a, struct attachment **items, size_t *n, struct err *err)
{
    return unported(err);
}

const struct store_ticket_ops pg_ticket_ops = {
    .ticket_create = u_ticket_ticket_create,
    .ticket_get = u_ticket_ticket_get,
    .ticket_get_id = u_ticket_ticket_get_id,
    .ticket_save = u_ticket_ticket_save,
    .ticket_list = u_ticket_ticket_list,
    .ticket_sweep_candidates = u_ticket_ticket_sweep_candidates,
    .ticket_set_tags = u_ticket_ticket_set_tags,
    .ticket_add_tags = u_ticket_ticket_add_tags,
    .ticket_search_log = u_ticket_ticket_search_log,
    .event_add = u_ticket_event_add,
    .events_list = u_ticket_events_list,
    .redirect_add = u_ticket_redirect_add,
    .redirect_count = u_ticket_redirect_count,
    .attachment_add = u_ticket_attachment_add,
    .attachment_get = u_ticket_attachment_get,
    .attachments_list = u_ticket_attachments_list,
};

/* ---- pg_wa_notify_ops ---- */

static int u_wa_notify_wa_pref_get(struct db *db, int64_t user_id, struct arena *a, struct wa_pref *out, struct err *err)
{
    return unported(err);
}

static int u_wa_notify_wa_pref_put(struct db *db, const struct wa_pref *p, struct err *err)
{
    return unported(err);
}

static int u_wa_notify_wa_pending_get(struct db *db, const char *phone, struct arena *a, struct wa_pending *out, struct err *err)
{
    return unported(err);
}

static int u_wa_notify_wa_pending_put(struct db *db, const char *phone, const struct wa_pending *p, struct err *err)
{
    return unported(err);
}

const struct store_wa_notify_ops pg_wa_notify_ops = {
    .wa_pref_get = u_wa_notify_wa_pref_get,
    .wa_pref_put = u_wa_notify_wa_pref_put,
    .wa_pending_get = u_wa_notify_wa_pending_get,
    .wa_pending_put = u_wa_notify_wa_pending_put,
};

/* ---- pg_survey_ops ---- */

static int u_survey_survey_save(struct db *db, struct survey_row *s, struct err *err)
{
    return unported(err);
}

static int u_survey_survey_get(struct db *db, int64_t id, struct arena *a, struct survey_row *out, struct err *err)
{
    return unported(err);
}

static int u_survey_survey_list(struct db *db, struct arena *a, struct survey_row **items, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_survey_survey_delete(struct db *db, int64_t id, struct err *err)
{
    return unported(err);
}

static int u_survey_survey_candidates(struct db *db, int64_t from, int64_t to, struct arena *a, struct survey_person **items, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_survey_survey_send_mark(struct db *db, int64_t survey_id, const char *period, int64_t now, int64_t candidates, int64_t invited, bool *fresh, struct err *err)
{
    return unported(err);
}

static int u_survey_survey_send_list(struct db *db, int64_t survey_id, struct arena *a, struct survey_send_row **items, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_survey_survey_invite_add(struct db *db, const struct survey_invite *inv, const unsigned char *token_hash, size_t hash_len, int64_t *id, struct err *err)
{
    return unported(err);
}

static int u_survey_survey_invite_by_token(struct db *db, const unsigned char *token_hash, size_t hash_len, struct arena *a, struct survey_invite *out, struct err *err)
{
    return unported(err);
}

static int u_survey_survey_answer_save(struct db *db, int64_t invitation_id, const struct survey_answer *ans, size_t n, int64_t now, struct err *err)
{
    return unported(err);
}

static int u_survey_survey_answer_rows(struct db *db, int64_t from, int64_t to, struct arena *a, struct survey_answer_row **items, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_survey_survey_unit_rows(struct db *db, int64_t from, int64_t to, struct arena *a, struct survey_unit_row **items, size_t *n, struct err *err)
{
    return unported(err);
}

const struct store_survey_ops pg_survey_ops = {
    .survey_save = u_survey_survey_save,
    .survey_get = u_survey_survey_get,
    .survey_list = u_survey_survey_list,
    .survey_delete = u_survey_survey_delete,
    .survey_candidates = u_survey_survey_candidates,
    .survey_send_mark = u_survey_survey_send_mark,
    .survey_send_list = u_survey_survey_send_list,
    .survey_invite_add = u_survey_survey_invite_add,
    .survey_invite_by_token = u_survey_survey_invite_by_token,
    .survey_answer_save = u_survey_survey_answer_save,
    .survey_answer_rows = u_survey_survey_answer_rows,
    .survey_unit_rows = u_survey_survey_unit_rows,
};

/* ---- pg_automation_ops ---- */

static int u_automation_rule_list(struct db *db, struct arena *a, struct auto_rule_row **rows, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_automation_rule_get(struct db *db, int64_t id, struct arena *a, struct auto_rule_row *out, struct err *err)
{
    return unported(err);
}

static int u_automation_rule_save(struct db *db, struct auto_rule_row *r, struct err *err)
{
    return unported(err);
}

static int u_automation_rule_delete(struct db *db, int64_t id, struct err *err)
{
    return unported(err);
}

static int u_automation_rule_reorder(struct db *db, const int64_t *ids, size_t n, struct err *err)
{
    return unported(err);
}

static int u_automation_run_add(struct db *db, int64_t rule_id, int64_t ticket_id, const char *state, int64_t value, int64_t at, bool *fresh, struct err *err)
{
    return unported(err);
}

static int u_automation_rule_stamp(struct db *db, uint64_t *stamp, struct err *err)
{
    return unported(err);
}

static int u_automation_run_last_value(struct db *db, int64_t rule_id, const char *state, int64_t *value, struct err *err)
{
    return unported(err);
}

const struct store_automation_ops pg_automation_ops = {
    .rule_list = u_automation_rule_list,
    .rule_get = u_automation_rule_get,
    .rule_save = u_automation_rule_save,
    .rule_delete = u_automation_rule_delete,
    .rule_reorder = u_automation_rule_reorder,
    .run_add = u_automation_run_add,
    .rule_stamp = u_automation_rule_stamp,
    .run_last_value = u_automation_run_last_value,
};

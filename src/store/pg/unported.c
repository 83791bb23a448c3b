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

/* ---- pg_rec_ops ---- */

static int u_rec_rec_list(struct db *db, const struct resource *res, const struct rec_query *q, struct arena *a, struct record ***items, size_t *n, int64_t *total, struct err *err)
{
    return unported(err);
}

static int u_rec_rec_get(struct db *db, const struct resource *res, int64_t id, struct arena *a, struct record **out, struct err *err)
{
    return unported(err);
}

static int u_rec_rec_create(struct db *db, const struct resource *res, struct record *r, struct err *err)
{
    return unported(err);
}

static int u_rec_rec_update(struct db *db, const struct resource *res, int64_t id, const struct record *r, struct err *err)
{
    return unported(err);
}

static int u_rec_rec_delete(struct db *db, const struct resource *res, int64_t id, struct err *err)
{
    return unported(err);
}

const struct store_record_ops pg_rec_ops = {
    .rec_list = u_rec_rec_list,
    .rec_get = u_rec_rec_get,
    .rec_create = u_rec_rec_create,
    .rec_update = u_rec_rec_update,
    .rec_delete = u_rec_rec_delete,
};

/* ---- pg_auth_ops ---- */

static int u_auth_user_by_login(struct db *db, const char *login, struct arena *a, struct user_auth *out, struct err *err)
{
    return unported(err);
}

static int u_auth_user_by_id(struct db *db, int64_t id, struct arena *a, struct user_auth *out, struct err *err)
{
    return unported(err);
}

static int u_auth_user_set_password(struct db *db, int64_t id, const char *hash, struct err *err)
{
    return unported(err);
}

static int u_auth_user_revoke_access(struct db *db, int64_t user_id, const unsigned char *keep, struct err *err)
{
    return unported(err);
}

static int u_auth_user_rehash(struct db *db, int64_t id, const char *old_hash, const char *hash, struct err *err)
{
    return unported(err);
}

static int u_auth_session_create(struct db *db, int64_t user_id, const unsigned char *hash, const char *csrf, int64_t expires_at, const char *ip, struct err *err)
{
    return unported(err);
}

static int u_auth_session_lookup(struct db *db, const unsigned char *hash, int64_t now, struct arena *a, struct session_row *out, struct err *err)
{
    return unported(err);
}

static int u_auth_session_delete(struct db *db, const unsigned char *hash, struct err *err)
{
    return unported(err);
}

static int u_auth_token_create(struct db *db, int64_t user_id, const char *name, const unsigned char *hash, int64_t expires_at, int64_t *id, struct err *err)
{
    return unported(err);
}

static int u_auth_token_lookup(struct db *db, const unsigned char *hash, int64_t now, struct arena *a, struct user_auth *out, int64_t *expires_at, struct err *err)
{
    return unported(err);
}

static int u_auth_token_list(struct db *db, int64_t user_id, struct arena *a, struct token_row **items, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_auth_token_revoke(struct db *db, int64_t user_id, int64_t id, struct err *err)
{
    return unported(err);
}

static int u_auth_login_throttle_get(struct db *db, const char *account, const char *address, struct login_throttle *out, struct err *err)
{
    return unported(err);
}

static int u_auth_login_throttle_set(struct db *db, const char *account, const char *address, const struct login_throttle *t, struct err *err)
{
    return unported(err);
}

static int u_auth_login_throttle_clear(struct db *db, const char *account, const char *address, struct err *err)
{
    return unported(err);
}

const struct store_auth_ops pg_auth_ops = {
    .user_by_login = u_auth_user_by_login,
    .user_by_id = u_auth_user_by_id,
    .user_set_password = u_auth_user_set_password,
    .user_revoke_access = u_auth_user_revoke_access,
    .user_rehash = u_auth_user_rehash,
    .session_create = u_auth_session_create,
    .session_lookup = u_auth_session_lookup,
    .session_delete = u_auth_session_delete,
    .token_create = u_auth_token_create,
    .token_lookup = u_auth_token_lookup,
    .token_list = u_auth_token_list,
    .token_revoke = u_auth_token_revoke,
    .login_throttle_get = u_auth_login_throttle_get,
    .login_throttle_set = u_auth_login_throttle_set,
    .login_throttle_clear = u_auth_login_throttle_clear,
};

/* ---- pg_admin_ops ---- */

static int u_admin_audit_add(struct db *db, int64_t actor_id, const char *action, const char *resource, int64_t record_id, const char *detail, const char *ip, struct err *err)
{
    return unported(err);
}

static int u_admin_audit_list(struct db *db, const struct audit_query *q, struct arena *a, struct audit_row **items, size_t *n, int64_t *total, struct err *err)
{
    return unported(err);
}

static int u_admin_setting_get(struct db *db, const char *key, struct arena *a, const char **value, struct err *err)
{
    return unported(err);
}

static int u_admin_setting_set(struct db *db, const char *key, const char *value, struct err *err)
{
    return unported(err);
}

const struct store_admin_ops pg_admin_ops = {
    .audit_add = u_admin_audit_add,
    .audit_list = u_admin_audit_list,
    .setting_get = u_admin_setting_get,
    .setting_set = u_admin_setting_set,
};

/* ---- pg_outbox_ops ---- */

static int u_outbox_outbox_add(struct db *db, const struct outbox_row *o, struct err *err)
{
    return unported(err);
}

static int u_outbox_outbox_list(struct db *db, const char *status, int64_t ticket_id, struct arena *a, struct outbox_row **items, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_outbox_outbox_get(struct db *db, int64_t id, struct arena *a, struct outbox_row *out, struct err *err)
{
    return unported(err);
}

static int u_outbox_outbox_claim(struct db *db, const char *channel, int64_t now, int limit, struct arena *a, struct outbox_row **items, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_outbox_outbox_finish(struct db *db, int64_t id, const char *status, int64_t next_attempt_at, const char *last_error, int64_t now, struct err *err)
{
    return unported(err);
}

static int u_outbox_outbox_expire_claims(struct db *db, const char *channel, int64_t claimed_before, const char *last_error, int *n, struct err *err)
{
    return unported(err);
}

static int u_outbox_outbox_unclaim(struct db *db, int64_t id, struct err *err)
{
    return unported(err);
}

static int u_outbox_outbox_resend(struct db *db, int64_t id, int64_t now, struct err *err)
{
    return unported(err);
}

static int u_outbox_mail_template_get(struct db *db, const char *key, const char *locale, struct arena *a, struct mail_template_row *out, struct err *err)
{
    return unported(err);
}

static int u_outbox_mail_template_put(struct db *db, const struct mail_template_row *t, struct err *err)
{
    return unported(err);
}

static int u_outbox_mail_template_delete(struct db *db, const char *key, const char *locale, struct err *err)
{
    return unported(err);
}

static int u_outbox_mail_template_list(struct db *db, struct arena *a, struct mail_template_row **items, size_t *n, struct err *err)
{
    return unported(err);
}

const struct store_outbox_ops pg_outbox_ops = {
    .outbox_add = u_outbox_outbox_add,
    .outbox_list = u_outbox_outbox_list,
    .outbox_get = u_outbox_outbox_get,
    .outbox_claim = u_outbox_outbox_claim,
    .outbox_finish = u_outbox_outbox_finish,
    .outbox_expire_claims = u_outbox_outbox_expire_claims,
    .outbox_unclaim = u_outbox_outbox_unclaim,
    .outbox_resend = u_outbox_outbox_resend,
    .mail_template_get = u_outbox_mail_template_get,
    .mail_template_put = u_outbox_mail_template_put,
    .mail_template_delete = u_outbox_mail_template_delete,
    .mail_template_list = u_outbox_mail_template_list,
};

/* ---- pg_faq_ops ---- */

static int u_faq_faq_save(struct db *db, struct faq *f, struct err *err)
{
    return unported(err);
}

static int u_faq_faq_get(struct db *db, int64_t id, struct arena *a, struct faq *out, struct err *err)
{
    return unported(err);
}

static int u_faq_faq_delete(struct db *db, int64_t id, struct err *err)
{
    return unported(err);
}

static int u_faq_faq_list(struct db *db, const struct faq_query *q, struct arena *a, struct faq **items, size_t *n, int64_t *total, struct err *err)
{
    return unported(err);
}

static int u_faq_faq_vote(struct db *db, int64_t id, int64_t user_id, bool helpful, bool *counted, struct err *err)
{
    return unported(err);
}

static int u_faq_proposal_save(struct db *db, struct faq_proposal *p, struct err *err)
{
    return unported(err);
}

static int u_faq_proposal_get(struct db *db, int64_t id, struct arena *a, struct faq_proposal *out, struct err *err)
{
    return unported(err);
}

static int u_faq_proposal_list(struct db *db, const char *status, int64_t proposer_id, int64_t page, int64_t per_page, struct arena *a, struct faq_proposal **items, size_t *n, int64_t *total, struct err *err)
{
    return unported(err);
}

const struct store_faq_ops pg_faq_ops = {
    .faq_save = u_faq_faq_save,
    .faq_get = u_faq_faq_get,
    .faq_delete = u_faq_faq_delete,
    .faq_list = u_faq_faq_list,
    .faq_vote = u_faq_faq_vote,
    .proposal_save = u_faq_proposal_save,
    .proposal_get = u_faq_proposal_get,
    .proposal_list = u_faq_proposal_list,
};

/* ---- pg_channel_ops ---- */

static int u_channel_chan_mail_find(struct db *db, const char *message_id, struct arena *a, struct inbound_mail *out, struct err *err)
{
    return unported(err);
}

static int u_channel_chan_mail_record(struct db *db, const struct inbound_mail *m, struct err *err)
{
    return unported(err);
}

static int u_channel_chan_user_by_email(struct db *db, const char *email, int64_t *id, struct err *err)
{
    return unported(err);
}

static int u_channel_chan_user_by_phone(struct db *db, const char *digits, int64_t *id, struct err *err)
{
    return unported(err);
}

static int u_channel_chan_default_service(struct db *db, int64_t *id, struct err *err)
{
    return unported(err);
}

static int u_channel_chan_open_ticket(struct db *db, int64_t requester_id, const char *channel, int64_t *id, struct err *err)
{
    return unported(err);
}

static int u_channel_chan_wa_inbound_seen(struct db *db, const char *wamid, bool *seen, struct err *err)
{
    return unported(err);
}

static int u_channel_chan_wa_inbound_add(struct db *db, const char *wamid, const char *phone, int64_t sent_at, const char *kind, int64_t ticket_id, bool *fresh, struct err *err)
{
    return unported(err);
}

static int u_channel_chan_wa_last_inbound(struct db *db, const char *phone, int64_t *at, struct err *err)
{
    return unported(err);
}

static int u_channel_chan_wa_ticket_phone(struct db *db, int64_t ticket_id, struct arena *a, const char **phone, struct err *err)
{
    return unported(err);
}

static int u_channel_chan_wa_outbound_add(struct db *db, const char *wamid, int64_t outbox_id, int64_t ticket_id, const char *phone, const char *kind, int64_t at, struct err *err)
{
    return unported(err);
}

static int u_channel_chan_wa_status_add(struct db *db, const char *wamid, const char *status, int64_t at, const char *error, struct err *err)
{
    return unported(err);
}

static int u_channel_chan_outbox_claim(struct db *db, const char *channel, int64_t now, size_t max, struct arena *a, struct outbox_row **rows, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_channel_chan_outbox_abandon(struct db *db, const char *channel, int *n, struct err *err)
{
    return unported(err);
}

static int u_channel_chan_outbox_finish(struct db *db, int64_t id, const char *status, int64_t next_attempt_at, const char *error, struct err *err)
{
    return unported(err);
}

const struct store_channel_ops pg_channel_ops = {
    .chan_mail_find = u_channel_chan_mail_find,
    .chan_mail_record = u_channel_chan_mail_record,
    .chan_user_by_email = u_channel_chan_user_by_email,
    .chan_user_by_phone = u_channel_chan_user_by_phone,
    .chan_default_service = u_channel_chan_default_service,
    .chan_open_ticket = u_channel_chan_open_ticket,
    .chan_wa_inbound_seen = u_channel_chan_wa_inbound_seen,
    .chan_wa_inbound_add = u_channel_chan_wa_inbound_add,
    .chan_wa_last_inbound = u_channel_chan_wa_last_inbound,
    .chan_wa_ticket_phone = u_channel_chan_wa_ticket_phone,
    .chan_wa_outbound_add = u_channel_chan_wa_outbound_add,
    .chan_wa_status_add = u_channel_chan_wa_status_add,
    .chan_outbox_claim = u_channel_chan_outbox_claim,
    .chan_outbox_abandon = u_channel_chan_outbox_abandon,
    .chan_outbox_finish = u_channel_chan_outbox_finish,
};

/* ---- pg_report_ops ---- */

static int u_report_report_summary(struct db *db, const struct ticket_query *q, const char *dim, struct arena *a, struct report_count **rows, size_t *n, bool *rollup, struct err *err)
{
    return unported(err);
}

static int u_report_report_series(struct db *db, const struct ticket_query *q, const char *interval, struct arena *a, struct report_series **rows, size_t *n, bool *rollup, struct err *err)
{
    return unported(err);
}

static int u_report_report_times_each(struct db *db, const struct ticket_query *q, report_times_fn *fn, void *cls, struct err *err)
{
    return unported(err);
}

static int u_report_report_sla(struct db *db, const struct ticket_query *q, const char *by, struct arena *a, struct report_sla **rows, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_report_report_workload(struct db *db, const struct ticket_query *q, struct arena *a, struct report_workload **rows, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_report_report_ratings(struct db *db, const struct ticket_query *q, size_t max_comments, struct arena *a, struct report_ratings *out, struct err *err)
{
    return unported(err);
}

static int u_report_report_redirects(struct db *db, int64_t from, int64_t to, struct arena *a, struct report_count **rows, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_report_report_tickets_count(struct db *db, const struct ticket_query *q, int64_t *total, struct err *err)
{
    return unported(err);
}

static int u_report_report_tickets_each(struct db *db, const struct ticket_query *q, report_ticket_fn *fn, void *cls, struct err *err)
{
    return unported(err);
}

static int u_report_report_bookings_each(struct db *db, const char *from_day, const char *to_day, int64_t service_id, report_booking_fn *fn, void *cls, struct err *err)
{
    return unported(err);
}

static int u_report_report_waiting_each(struct db *db, const struct ticket_query *q, report_wait_fn *fn, void *cls, struct err *err)
{
    return unported(err);
}

static int u_report_report_cancellations(struct db *db, const struct ticket_query *q, struct arena *a, struct report_cancel **rows, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_report_export_create(struct db *db, struct export_job *j, struct err *err)
{
    return unported(err);
}

static int u_report_export_get(struct db *db, int64_t id, struct arena *a, struct export_job *out, struct err *err)
{
    return unported(err);
}

static int u_report_export_claim(struct db *db, struct arena *a, struct export_job *out, struct err *err)
{
    return unported(err);
}

static int u_report_export_progress(struct db *db, int64_t id, int64_t done_rows, int64_t total, struct err *err)
{
    return unported(err);
}

static int u_report_export_finish(struct db *db, int64_t id, const char *status, const char *file, const char *filename, const char *error, int64_t now, struct err *err)
{
    return unported(err);
}

static int u_report_export_requeue(struct db *db, struct err *err)
{
    return unported(err);
}

static int u_report_export_expire(struct db *db, int64_t before, struct arena *a, const char ***files, size_t *n, struct err *err)
{
    return unported(err);
}

const struct store_report_ops pg_report_ops = {
    .report_summary = u_report_report_summary,
    .report_series = u_report_report_series,
    .report_times_each = u_report_report_times_each,
    .report_sla = u_report_report_sla,
    .report_workload = u_report_report_workload,
    .report_ratings = u_report_report_ratings,
    .report_redirects = u_report_report_redirects,
    .report_tickets_count = u_report_report_tickets_count,
    .report_tickets_each = u_report_report_tickets_each,
    .report_bookings_each = u_report_report_bookings_each,
    .report_waiting_each = u_report_report_waiting_each,
    .report_cancellations = u_report_report_cancellations,
    .export_create = u_report_export_create,
    .export_get = u_report_export_get,
    .export_claim = u_report_export_claim,
    .export_progress = u_report_export_progress,
    .export_finish = u_report_export_finish,
    .export_requeue = u_report_export_requeue,
    .export_expire = u_report_export_expire,
};

/* ---- pg_booking_ops ---- */

static int u_booking_bk_schedule_get(struct db *db, int64_t service_id, struct arena *a, struct schedule *out, struct err *err)
{
    return unported(err);
}

static int u_booking_bk_schedule_put(struct db *db, const struct schedule *s, struct err *err)
{
    return unported(err);
}

static int u_booking_bk_is_staff(struct db *db, int64_t service_id, int64_t user_id, bool *yes, struct err *err)
{
    return unported(err);
}

static int u_booking_bk_counts(struct db *db, int64_t service_id, const char *from, const char *to, struct arena *a, struct booking_count **items, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_booking_bk_seats(struct db *db, int64_t service_id, const char *day, int64_t slot_start, struct arena *a, int **seats, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_booking_bk_last_day_seat(struct db *db, int64_t service_id, const char *day, int *last, struct err *err)
{
    return unported(err);
}

static int u_booking_bk_last_queue(struct db *db, int64_t service_id, const char *day, int *last, struct err *err)
{
    return unported(err);
}

static int u_booking_bk_live_of(struct db *db, int64_t service_id, const char *day, int64_t requester_id, int64_t except_id, int64_t *id, struct err *err)
{
    return unported(err);
}

static int u_booking_bk_insert(struct db *db, struct booking *b, struct err *err)
{
    return unported(err);
}

static int u_booking_bk_update(struct db *db, const struct booking *b, struct err *err)
{
    return unported(err);
}

static int u_booking_bk_get(struct db *db, int64_t id, struct arena *a, struct booking **out, struct err *err)
{
    return unported(err);
}

static int u_booking_bk_get_by_ticket(struct db *db, int64_t ticket_id, struct arena *a, struct booking **out, struct err *err)
{
    return unported(err);
}

static int u_booking_bk_list(struct db *db, const struct booking_query *q, struct arena *a, struct booking ***items, size_t *n, int64_t *total, struct err *err)
{
    return unported(err);
}

static int u_booking_bk_next_waiting(struct db *db, int64_t service_id, const char *day, struct arena *a, struct booking **out, struct err *err)
{
    return unported(err);
}

static int u_booking_bk_queue_state(struct db *db, int64_t service_id, const char *day, int *now_serving, int *waiting, struct err *err)
{
    return unported(err);
}

/* Moves with every commit: a value kept under it is never stale. */
static uint64_t u_booking_bk_day_gen(struct store *st, int64_t service_id, const char *day)
{
    return store_generation(st);
}

const struct store_booking_ops pg_booking_ops = {
    .bk_schedule_get = u_booking_bk_schedule_get,
    .bk_schedule_put = u_booking_bk_schedule_put,
    .bk_is_staff = u_booking_bk_is_staff,
    .bk_counts = u_booking_bk_counts,
    .bk_seats = u_booking_bk_seats,
    .bk_last_day_seat = u_booking_bk_last_day_seat,
    .bk_last_queue = u_booking_bk_last_queue,
    .bk_live_of = u_booking_bk_live_of,
    .bk_insert = u_booking_bk_insert,
    .bk_update = u_booking_bk_update,
    .bk_get = u_booking_bk_get,
    .bk_get_by_ticket = u_booking_bk_get_by_ticket,
    .bk_list = u_booking_bk_list,
    .bk_next_waiting = u_booking_bk_next_waiting,
    .bk_queue_state = u_booking_bk_queue_state,
    .bk_day_gen = u_booking_bk_day_gen,
};

/* ---- pg_booking_invite_ops ---- */

static int u_booking_invite_bi_sequence(struct db *db, int64_t booking_id, int *seq, struct err *err)
{
    return unported(err);
}

static int u_booking_invite_bi_bump(struct db *db, int64_t booking_id, int *seq, struct err *err)
{
    return unported(err);
}

static int u_booking_invite_bi_reminders_due(struct db *db, int64_t now, int64_t until, size_t max, struct arena *a, int64_t **ids, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_booking_invite_bi_mark_reminded(struct db *db, int64_t booking_id, int64_t now, bool *fresh, struct err *err)
{
    return unported(err);
}

static int u_booking_invite_wa_dialog_get(struct db *db, const char *phone, int64_t now, struct arena *a, const char **state, struct err *err)
{
    return unported(err);
}

static int u_booking_invite_wa_dialog_put(struct db *db, const char *phone, const char *state, int64_t now, int64_t expires_at, struct err *err)
{
    return unported(err);
}

const struct store_booking_invite_ops pg_booking_invite_ops = {
    .bi_sequence = u_booking_invite_bi_sequence,
    .bi_bump = u_booking_invite_bi_bump,
    .bi_reminders_due = u_booking_invite_bi_reminders_due,
    .bi_mark_reminded = u_booking_invite_bi_mark_reminded,
    .wa_dialog_get = u_booking_invite_wa_dialog_get,
    .wa_dialog_put = u_booking_invite_wa_dialog_put,
};

/* ---- pg_partner_ops ---- */

static int u_partner_ptn_rates_get(struct db *db, int64_t activity_id, struct arena *a, struct activity_rate **items, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_partner_ptn_rates_set(struct db *db, int64_t activity_id, const struct activity_rate *items, size_t n, struct err *err)
{
    return unported(err);
}

static int u_partner_ptn_ceiling_get(struct db *db, int year, int64_t *monthly, struct err *err)
{
    return unported(err);
}

static int u_partner_ptn_ceiling_set(struct db *db, int year, int64_t monthly, struct err *err)
{
    return unported(err);
}

static int u_partner_ptn_assignment_get(struct db *db, int64_t id, struct arena *a, struct assignment *out, struct err *err)
{
    return unported(err);
}

static int u_partner_ptn_assignment_list(struct db *db, const struct assignment_query *q, struct arena *a, struct assignment **items, size_t *n, int64_t *total, struct err *err)
{
    return unported(err);
}

static int u_partner_ptn_assignment_save(struct db *db, struct assignment *x, struct err *err)
{
    return unported(err);
}

static int u_partner_ptn_assignment_delete(struct db *db, int64_t id, struct err *err)
{
    return unported(err);
}

static int u_partner_ptn_partner_month_total(struct db *db, int64_t partner_id, const char *month, int64_t except, int64_t *total, struct err *err)
{
    return unported(err);
}

static int u_partner_ptn_activity_total(struct db *db, int64_t activity_id, int64_t except, int64_t *total, struct err *err)
{
    return unported(err);
}

static int u_partner_ptn_activity_month_range(struct db *db, int64_t activity_id, struct arena *a, const char **first, const char **last, struct err *err)
{
    return unported(err);
}

static int u_partner_ptn_contract_list(struct db *db, const struct contract_query *q, struct arena *a, struct contract **items, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_partner_ptn_contract_set(struct db *db, int64_t partner_id, const char *month, int contract_signed, int bast_signed, int terminated, int paid, struct err *err)
{
    return unported(err);
}

static int u_partner_ptn_activity_use(struct db *db, int year, struct arena *a, struct activity_use **items, size_t *n, struct err *err)
{
    return unported(err);
}

const struct store_partner_ops pg_partner_ops = {
    .ptn_rates_get = u_partner_ptn_rates_get,
    .ptn_rates_set = u_partner_ptn_rates_set,
    .ptn_ceiling_get = u_partner_ptn_ceiling_get,
    .ptn_ceiling_set = u_partner_ptn_ceiling_set,
    .ptn_assignment_get = u_partner_ptn_assignment_get,
    .ptn_assignment_list = u_partner_ptn_assignment_list,
    .ptn_assignment_save = u_partner_ptn_assignment_save,
    .ptn_assignment_delete = u_partner_ptn_assignment_delete,
    .ptn_partner_month_total = u_partner_ptn_partner_month_total,
    .ptn_activity_total = u_partner_ptn_activity_total,
    .ptn_activity_month_range = u_partner_ptn_activity_month_range,
    .ptn_contract_list = u_partner_ptn_contract_list,
    .ptn_contract_set = u_partner_ptn_contract_set,
    .ptn_activity_use = u_partner_ptn_activity_use,
};

/* ---- pg_letter_ops ---- */

static int u_letter_lts_settings_get(struct db *db, int64_t unit_id, struct arena *a, struct letter_settings *out, struct err *err)
{
    return unported(err);
}

static int u_letter_lts_settings_put(struct db *db, const struct letter_settings *s, int64_t by, struct err *err)
{
    return unported(err);
}

static int u_letter_lts_logo_put(struct db *db, int64_t unit_id, const void *png, size_t n, int64_t by, struct err *err)
{
    return unported(err);
}

static int u_letter_lts_logo_get(struct db *db, int64_t unit_id, struct arena *a, const void **png, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_letter_lts_template_get(struct db *db, const char *kind, struct arena *a, const char **body, const char **updated_at, struct err *err)
{
    return unported(err);
}

static int u_letter_lts_template_put(struct db *db, const char *kind, const char *body, int64_t by, struct err *err)
{
    return unported(err);
}

static int u_letter_lts_template_delete(struct db *db, const char *kind, struct err *err)
{
    return unported(err);
}

static int u_letter_lts_letter_find(struct db *db, const char *kind, int64_t partner_id, const char *month, int64_t assignment_id, struct arena *a, struct letter_rec *out, struct err *err)
{
    return unported(err);
}

static int u_letter_lts_letter_get(struct db *db, int64_t id, struct arena *a, struct letter_rec *out, struct err *err)
{
    return unported(err);
}

static int u_letter_lts_seq_next(struct db *db, int64_t unit_id, const char *kind, int year, int64_t *seq, struct err *err)
{
    return unported(err);
}

static int u_letter_lts_letter_insert(struct db *db, struct letter_rec *l, struct arena *a, struct err *err)
{
    return unported(err);
}

static int u_letter_lts_letter_void(struct db *db, int64_t id, int64_t by, const char *reason, struct err *err)
{
    return unported(err);
}

static int u_letter_lts_letter_list(struct db *db, int64_t unit_id, int64_t partner_id, const char *month, int limit, struct arena *a, struct letter_rec **items, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_letter_lts_partner_get(struct db *db, int64_t id, struct arena *a, struct letter_partner *out, struct err *err)
{
    return unported(err);
}

static int u_letter_lts_targets(struct db *db, bool per_assignment, int64_t activity_id, const char *month, int64_t unit_id, struct arena *a, struct letter_target **items, size_t *n, struct err *err)
{
    return unported(err);
}

const struct store_letter_ops pg_letter_ops = {
    .lts_settings_get = u_letter_lts_settings_get,
    .lts_settings_put = u_letter_lts_settings_put,
    .lts_logo_put = u_letter_lts_logo_put,
    .lts_logo_get = u_letter_lts_logo_get,
    .lts_template_get = u_letter_lts_template_get,
    .lts_template_put = u_letter_lts_template_put,
    .lts_template_delete = u_letter_lts_template_delete,
    .lts_letter_find = u_letter_lts_letter_find,
    .lts_letter_get = u_letter_lts_letter_get,
    .lts_seq_next = u_letter_lts_seq_next,
    .lts_letter_insert = u_letter_lts_letter_insert,
    .lts_letter_void = u_letter_lts_letter_void,
    .lts_letter_list = u_letter_lts_letter_list,
    .lts_partner_get = u_letter_lts_partner_get,
    .lts_targets = u_letter_lts_targets,
};

/* ---- pg_signup_ops ---- */

static int u_signup_signup_lookup(struct db *db, const char *email, int64_t *id, bool *pending, struct err *err)
{
    return unported(err);
}

static int u_signup_signup_user_add(struct db *db, const char *name, const char *email, const char *hash, const char *locale, int64_t *id, struct err *err)
{
    return unported(err);
}

static int u_signup_signup_user_renew(struct db *db, int64_t id, const char *name, const char *hash, const char *locale, struct err *err)
{
    return unported(err);
}

static int u_signup_signup_token_set(struct db *db, int64_t user_id, const unsigned char *hash, size_t len, int64_t expires_at, int64_t now, struct err *err)
{
    return unported(err);
}

static int u_signup_signup_token_use(struct db *db, const unsigned char *hash, size_t len, int64_t now, int64_t *user_id, struct err *err)
{
    return unported(err);
}

static int u_signup_signup_is_pending(struct db *db, int64_t user_id, bool *pending, struct err *err)
{
    return unported(err);
}

const struct store_signup_ops pg_signup_ops = {
    .signup_lookup = u_signup_signup_lookup,
    .signup_user_add = u_signup_signup_user_add,
    .signup_user_renew = u_signup_signup_user_renew,
    .signup_token_set = u_signup_signup_token_set,
    .signup_token_use = u_signup_signup_token_use,
    .signup_is_pending = u_signup_signup_is_pending,
};

/* ---- pg_attachment_limits_ops ---- */

static int u_attachment_limits_attachment_limits_get(struct db *db, int64_t service_id, struct service_attachment_limits *out, struct err *err)
{
    return unported(err);
}

static int u_attachment_limits_attachment_limits_put(struct db *db, const struct service_attachment_limits *l, struct err *err)
{
    return unported(err);
}

const struct store_attachment_limit_ops pg_attachment_limits_ops = {
    .attachment_limits_get = u_attachment_limits_attachment_limits_get,
    .attachment_limits_put = u_attachment_limits_attachment_limits_put,
};

/* ---- pg_policy_ops ---- */

static int u_policy_policy_list(struct db *db, struct arena *a, struct policy_row **rows, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_policy_policy_put(struct db *db, const struct policy_row *r, struct err *err)
{
    return unported(err);
}

static int u_policy_attachment_soft_delete(struct db *db, int64_t id, int64_t by, int64_t at, const char *reason, struct err *err)
{
    return unported(err);
}

const struct store_policy_ops pg_policy_ops = {
    .policy_list = u_policy_policy_list,
    .policy_put = u_policy_policy_put,
    .attachment_soft_delete = u_policy_attachment_soft_delete,
};

/* ---- pg_webhook_ops ---- */

static int u_webhook_webhook_list(struct db *db, struct arena *a, struct webhook_row **rows, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_webhook_webhook_get(struct db *db, int64_t id, struct arena *a, struct webhook_row *out, struct err *err)
{
    return unported(err);
}

static int u_webhook_webhook_save(struct db *db, struct webhook_row *w, struct err *err)
{
    return unported(err);
}

static int u_webhook_webhook_delete(struct db *db, int64_t id, struct err *err)
{
    return unported(err);
}

static int u_webhook_webhook_subscribers(struct db *db, const char *kind, int64_t *ids, size_t cap, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_webhook_webhook_delivery_add(struct db *db, struct webhook_delivery *d, struct err *err)
{
    return unported(err);
}

static int u_webhook_webhook_deliveries(struct db *db, int64_t webhook_id, int limit, struct arena *a, struct webhook_delivery **rows, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_webhook_webhook_delivery_get(struct db *db, int64_t id, struct arena *a, struct webhook_delivery *out, struct err *err)
{
    return unported(err);
}

static int u_webhook_webhook_claim(struct db *db, int64_t now, int limit, struct arena *a, struct webhook_delivery **rows, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_webhook_webhook_finish(struct db *db, int64_t id, const char *status, int64_t next_attempt_at, int http_status, const char *response, const char *error, int64_t now, struct err *err)
{
    return unported(err);
}

static int u_webhook_webhook_abandon(struct db *db, int *n, struct err *err)
{
    return unported(err);
}

static int u_webhook_webhook_prune(struct db *db, int64_t finished_before, int *n, struct err *err)
{
    return unported(err);
}

const struct store_webhook_ops pg_webhook_ops = {
    .webhook_list = u_webhook_webhook_list,
    .webhook_get = u_webhook_webhook_get,
    .webhook_save = u_webhook_webhook_save,
    .webhook_delete = u_webhook_webhook_delete,
    .webhook_subscribers = u_webhook_webhook_subscribers,
    .webhook_delivery_add = u_webhook_webhook_delivery_add,
    .webhook_deliveries = u_webhook_webhook_deliveries,
    .webhook_delivery_get = u_webhook_webhook_delivery_get,
    .webhook_claim = u_webhook_webhook_claim,
    .webhook_finish = u_webhook_webhook_finish,
    .webhook_abandon = u_webhook_webhook_abandon,
    .webhook_prune = u_webhook_webhook_prune,
};

/* ---- pg_oidc_ops ---- */

static int u_oidc_oidc_pending_put(struct db *db, const unsigned char state[OIDC_HASH_BYTES], const unsigned char browser[OIDC_HASH_BYTES], const char *nonce, const char *verifier, int64_t expires_at, int64_t now, struct err *err)
{
    return unported(err);
}

static int u_oidc_oidc_pending_take(struct db *db, const unsigned char state[OIDC_HASH_BYTES], int64_t now, struct arena *a, struct oidc_pending *out, struct err *err)
{
    return unported(err);
}

static int u_oidc_oidc_user_sync(struct db *db, const struct oidc_user *u, int64_t *user_id, bool *active, struct err *err)
{
    return unported(err);
}

const struct store_oidc_ops pg_oidc_ops = {
    .oidc_pending_put = u_oidc_oidc_pending_put,
    .oidc_pending_take = u_oidc_oidc_pending_take,
    .oidc_user_sync = u_oidc_oidc_user_sync,
};

/* ---- pg_subscription_ops ---- */

static int u_subscription_subscription_list(struct db *db, int64_t owner_id, struct arena *a, struct report_subscription **items, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_subscription_subscription_get(struct db *db, int64_t id, struct arena *a, struct report_subscription *out, struct err *err)
{
    return unported(err);
}

static int u_subscription_subscription_save(struct db *db, struct report_subscription *s, struct err *err)
{
    return unported(err);
}

static int u_subscription_subscription_delete(struct db *db, int64_t id, struct err *err)
{
    return unported(err);
}

static int u_subscription_subscription_claim(struct db *db, int64_t id, const char *period, int64_t now, int64_t stale_before, struct err *err)
{
    return unported(err);
}

static int u_subscription_subscription_finish(struct db *db, int64_t id, const char *period, const char *status, const char *detail, int64_t now, struct err *err)
{
    return unported(err);
}

const struct store_subscription_ops pg_subscription_ops = {
    .subscription_list = u_subscription_subscription_list,
    .subscription_get = u_subscription_subscription_get,
    .subscription_save = u_subscription_subscription_save,
    .subscription_delete = u_subscription_subscription_delete,
    .subscription_claim = u_subscription_subscription_claim,
    .subscription_finish = u_subscription_subscription_finish,
};

/* ---- pg_inapp_ops ---- */

static int u_inapp_inapp_add(struct db *db, const struct inapp_note *n, struct err *err)
{
    return unported(err);
}

static int u_inapp_inapp_list(struct db *db, int64_t user_id, bool unread_only, int64_t limit, struct arena *a, struct inapp_note **items, size_t *n, struct err *err)
{
    return unported(err);
}

static int u_inapp_inapp_unread(struct db *db, int64_t user_id, int64_t *count, struct err *err)
{
    return unported(err);
}

static int u_inapp_inapp_mark_read(struct db *db, int64_t user_id, int64_t id, int64_t at, int64_t *changed, struct err *err)
{
    return unported(err);
}

const struct store_inapp_ops pg_inapp_ops = {
    .inapp_add = u_inapp_inapp_add,
    .inapp_list = u_inapp_inapp_list,
    .inapp_unread = u_inapp_inapp_unread,
    .inapp_mark_read = u_inapp_inapp_mark_read,
};

/* ---- pg_user_invite_ops ---- */

static int u_user_invite_invite_set(struct db *db, int64_t user_id, const unsigned char *hash, size_t len, int64_t expires_at, int64_t now, struct err *err)
{
    return unported(err);
}

static int u_user_invite_invite_use(struct db *db, const unsigned char *hash, size_t len, int64_t now, int64_t *user_id, struct err *err)
{
    return unported(err);
}

const struct store_user_invite_ops pg_user_invite_ops = {
    .invite_set = u_user_invite_invite_set,
    .invite_use = u_user_invite_invite_use,
};

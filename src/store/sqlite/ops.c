/* SQLite driver: its table of operations (struct store_ops, store.h); the
** tables of the area headers are at the end of their own files. */
#include "store/sqlite/sqlite.h"
#include "store/sqlite/ops.h"

/* ---- the driver table ------------------------------------------------- */

static const struct store_tx_ops sq_tx = {
    .batch_mode = sq_batch_mode,
    .batch_flush = sq_rollup_flush,
    .index_trim = sq_index_trim,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .savepoint = sq_savepoint,
    .tx_writes = sq_tx_writes,
};

/* One SQLite file has one server (server_lock): every job is its own. */
static int sq_singleton(struct db *db, const char *job, bool hold, struct err *err)
{
    (void)db, (void)job, (void)err;
    return hold ? 1 : 0;
}

static const struct store_maint_ops sq_maint = {
    .index_all = sq_index_all,
    .migrate = sq_migrate,
    .migrate_plan = sq_migrate_plan,
    .ping = sq_ping,
    .backup = sq_backup,
    .singleton = sq_singleton,
};

static const struct store_record_ops sq_rec = {
    .rec_list = sq_rec_list,
    .rec_get = sq_rec_get,
    .rec_create = sq_rec_create,
    .rec_update = sq_rec_update,
    .rec_delete = sq_rec_delete,
};

static const struct store_auth_ops sq_auth = {
    .user_by_login = sq_user_by_login,
    .user_by_id = sq_user_by_id,
    .user_set_password = sq_user_set_password,
    .user_revoke_access = sq_user_revoke_access,
    .user_rehash = sq_user_rehash,
    .session_create = sq_session_create,
    .session_lookup = sq_session_lookup,
    .session_delete = sq_session_delete,
    .token_create = sq_token_create,
    .token_lookup = sq_token_lookup,
    .token_list = sq_token_list,
    .token_revoke = sq_token_revoke,
    .login_throttle_get = sq_login_throttle_get,
    .login_throttle_set = sq_login_throttle_set,
    .login_throttle_clear = sq_login_throttle_clear,
};

static const struct store_admin_ops sq_admin = {
    .audit_add = sq_audit_add,
    .audit_list = sq_audit_list,
    .setting_get = sq_setting_get,
    .setting_set = sq_setting_set,
};

static const struct store_ticket_ops sq_ticket = {
    .ticket_create = sq_ticket_create,
    .ticket_get = sq_ticket_get,
    .ticket_get_id = sq_ticket_get_id,
    .ticket_save = sq_ticket_save,
    .ticket_list = sq_ticket_list,
    .ticket_sweep_candidates = sq_ticket_sweep_candidates,
    .ticket_set_tags = sq_ticket_set_tags,
    .ticket_add_tags = sq_ticket_add_tags,
    .ticket_search_log = sq_ticket_search_log,
    .event_add = sq_event_add,
    .events_list = sq_events_list,
    .redirect_add = sq_redirect_add,
    .redirect_count = sq_redirect_count,
    .attachment_add = sq_attachment_add,
    .attachment_get = sq_attachment_get,
    .attachments_list = sq_attachments_list,
};

static const struct store_outbox_ops sq_outbox = {
    .outbox_add = sq_outbox_add,
    .outbox_list = sq_outbox_list,
    .outbox_get = sq_outbox_get,
    .outbox_claim = sq_outbox_claim,
    .outbox_finish = sq_outbox_finish,
    .outbox_expire_claims = sq_outbox_expire_claims,
    .outbox_unclaim = sq_outbox_unclaim,
    .outbox_resend = sq_outbox_resend,
    .mail_template_get = sq_mail_template_get,
    .mail_template_put = sq_mail_template_put,
    .mail_template_delete = sq_mail_template_delete,
    .mail_template_list = sq_mail_template_list,
};

static const struct store_faq_ops sq_faq = {
    .faq_save = sq_faq_save,
    .faq_get = sq_faq_get,
    .faq_delete = sq_faq_delete,
    .faq_list = sq_faq_list,
    .faq_vote = sq_faq_vote,
    .proposal_save = sq_proposal_save,
    .proposal_get = sq_proposal_get,
    .proposal_list = sq_proposal_list,
};

extern const struct store_webhook_ops sq_webhook_ops; /* webhook.c */

const struct store_ops sq_ops = {
    .name = "sqlite",
    .close = sq_close,
    .acquire = sq_acquire,
    .release = sq_release,
    .bg_start = sq_bg_start,
    .bg_stop = sq_bg_stop,
    .refresh = sq_refresh,
    .tx = &sq_tx,
    .maint = &sq_maint,
    .rec = &sq_rec,
    .auth = &sq_auth,
    .admin = &sq_admin,
    .ticket = &sq_ticket,
    .outbox = &sq_outbox,
    .faq = &sq_faq,
    .channel = &sq_channel_ops,
    .report = &sq_report_ops,
    .booking = &sq_booking_ops,
    .booking_invite = &sq_booking_invite_ops,
    .partner = &sq_partner_ops,
    .letter = &sq_letter_ops,
    .signup = &sq_signup_ops,
    .attachment_limits = &sq_attachment_limits_ops,
    .policy = &sq_policy_ops,
    .webhook = &sq_webhook_ops,
    .wa_notify = &sq_wa_notify_ops,
    .oidc = &sq_oidc_ops,
    .survey = &sq_survey_ops,
    .automation = &sq_automation_ops,
    .subscription = &sq_subscription_ops,
    .inapp = &sq_inapp_ops,
    .user_invite = &sq_user_invite_ops,
};

/* The PostgreSQL driver's tables of operations: the one struct store_ops
** (ops.c) and the extern declarations of the table each file of store/pg/
** ends with (records.c: pg_rec_ops, tickets.c: pg_ticket_ops ...; those not
** yet ported come from unported.c). Free of libpq types, so store/open.c can
** include it to reach pg_store_open. */
#ifndef LOKET_STORE_PG_OPS_H
#define LOKET_STORE_PG_OPS_H

#include "store/attachment_limits.h"
#include "store/automation.h"
#include "store/booking_invites.h"
#include "store/bookings.h"
#include "store/channels.h"
#include "store/inapp.h"
#include "store/letter_store.h"
#include "store/oidc_store.h"
#include "store/partners.h"
#include "store/policy.h"
#include "store/report_store.h"
#include "store/signup.h"
#include "store/store.h"
#include "store/subscription.h"
#include "store/survey.h"
#include "store/user_invite.h"
#include "store/wa_notify.h"
#include "store/webhook.h"

extern const struct store_ops pg_ops;

/* Opens a store on a postgresql:// URL (driver.c; also in pg.h). */
int pg_store_open(const char *url, struct store **out, struct err *err);

/* driver.c */
void pg_close(struct store *st);
struct db *pg_acquire(struct store *st, struct err *err);
void pg_release(struct db *db);
int pg_bg_start(struct store *st, struct err *err);
void pg_bg_stop(struct store *st);
void pg_refresh(struct store *st);

/* core: tx.c, migrate.c */
extern const struct store_tx_ops pg_tx_ops;
extern const struct store_maint_ops pg_maint_ops;

/* areas: one table per file of store/pg/ (or unported.c) */
extern const struct store_record_ops pg_rec_ops;
extern const struct store_auth_ops pg_auth_ops;
extern const struct store_admin_ops pg_admin_ops;
extern const struct store_ticket_ops pg_ticket_ops;
extern const struct store_outbox_ops pg_outbox_ops;
extern const struct store_faq_ops pg_faq_ops;
extern const struct store_channel_ops pg_channel_ops;
extern const struct store_report_ops pg_report_ops;
extern const struct store_booking_ops pg_booking_ops;
extern const struct store_booking_invite_ops pg_booking_invite_ops;
extern const struct store_partner_ops pg_partner_ops;
extern const struct store_letter_ops pg_letter_ops;
extern const struct store_signup_ops pg_signup_ops;
extern const struct store_attachment_limit_ops pg_attachment_limits_ops;
extern const struct store_policy_ops pg_policy_ops;
extern const struct store_webhook_ops pg_webhook_ops;
extern const struct store_wa_notify_ops pg_wa_notify_ops;
extern const struct store_oidc_ops pg_oidc_ops;
extern const struct store_survey_ops pg_survey_ops;
extern const struct store_automation_ops pg_automation_ops;
extern const struct store_subscription_ops pg_subscription_ops;
extern const struct store_inapp_ops pg_inapp_ops;
extern const struct store_user_invite_ops pg_user_invite_ops;

#endif

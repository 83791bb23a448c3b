/* The SQLite functions behind the operations of store.h, for the tables in
** ops.c; each file beside this one implements its area (records.c, auth.c,
** tickets.c, outbox.c, faq.c ...; the driver itself: driver.c, tx.c,
** migrate.c, backup.c, checkpoint.c). The operations of the other store/
** headers are static in their files, which end with their own table.
** Nothing outside store/sqlite/ includes this header. */
#ifndef LOKET_STORE_SQLITE_OPS_H
#define LOKET_STORE_SQLITE_OPS_H

#include "store/store.h"

/* driver.c, checkpoint.c; sqlite_store_open is store_open's (store/open.c)
** for every URL but postgresql:// */
int sqlite_store_open(const char *url, struct store **out, struct err *err);
void sq_close(struct store *st);
struct db *sq_acquire(struct store *st, struct err *err);
void sq_release(struct db *db);
int sq_bg_start(struct store *st, struct err *err);
void sq_bg_stop(struct store *st);

/* tx.c, migrate.c, backup.c */
int sq_begin(struct db *db, struct err *err);
int sq_commit(struct db *db, struct err *err);
void sq_rollback(struct db *db);
int sq_savepoint(struct db *db, int op, struct err *err);
int64_t sq_tx_writes(struct db *db);
int sq_ping(struct db *db, struct err *err);
int sq_migrate_plan(struct db *db, int *pending, int *applied, struct err *err);
int sq_migrate(struct db *db, int *applied, struct err *err);
int sq_backup(struct db *db, const char *dest, struct err *err);

int sq_rec_list(struct db *db, const struct resource *res, const struct rec_query *q,
                struct arena *a, struct record ***items, size_t *n, int64_t *total,
                struct err *err);
int sq_rec_get(struct db *db, const struct resource *res, int64_t id, struct arena *a,
               struct record **out, struct err *err);
int sq_rec_create(struct db *db, const struct resource *res, struct record *r,
                  struct err *err);
int sq_rec_update(struct db *db, const struct resource *res, int64_t id,
                  const struct record *r, struct err *err);
int sq_rec_delete(struct db *db, const struct resource *res, int64_t id, struct err *err);


int sq_user_by_login(struct db *db, const char *login, struct arena *a,
                     struct user_auth *out, struct err *err);
int sq_user_by_id(struct db *db, int64_t id, struct arena *a, struct user_auth *out,
                  struct err *err);
int sq_user_set_password(struct db *db, int64_t id, const char *hash, struct err *err);
int sq_user_rehash(struct db *db, int64_t id, const char *old_hash, const char *hash,
                   struct err *err);
int sq_session_create(struct db *db, int64_t user_id, const unsigned char *hash,
                      const char *csrf, int64_t expires_at, const char *ip, struct err *err);
int sq_session_lookup(struct db *db, const unsigned char *hash, int64_t now, struct arena *a,
                      struct session_row *out, struct err *err);
int sq_session_delete(struct db *db, const unsigned char *hash, struct err *err);
int sq_token_create(struct db *db, int64_t user_id, const char *name,
                    const unsigned char *hash, int64_t expires_at, int64_t *id,
                    struct err *err);
int sq_token_lookup(struct db *db, const unsigned char *hash, int64_t now, struct arena *a,
                    struct user_auth *out, int64_t *expires_at, struct err *err);
int sq_token_list(struct db *db, int64_t user_id, struct arena *a, struct token_row **items,
                  size_t *n, struct err *err);
int sq_token_revoke(struct db *db, int64_t user_id, int64_t id, struct err *err);
int sq_user_revoke_access(struct db *db, int64_t user_id, const unsigned char *keep,
                          struct err *err);
int sq_login_throttle_get(struct db *db, const char *account, const char *address,
                          struct login_throttle *out, struct err *err);
int sq_login_throttle_set(struct db *db, const char *account, const char *address,
                          const struct login_throttle *t, struct err *err);
int sq_login_throttle_clear(struct db *db, const char *account, const char *address,
                            struct err *err);
int sq_audit_add(struct db *db, int64_t actor_id, const char *action, const char *resource,
                 int64_t record_id, const char *detail, const char *ip, struct err *err);
int sq_audit_list(struct db *db, const struct audit_query *q, struct arena *a,
                  struct audit_row **items, size_t *n, int64_t *total, struct err *err);
int sq_setting_get(struct db *db, const char *key, struct arena *a, const char **value,
                   struct err *err);
int sq_setting_set(struct db *db, const char *key, const char *value, struct err *err);

int sq_ticket_create(struct db *db, struct ticket *t, const char *prefix, int year,
                     struct arena *a, struct err *err);
int sq_ticket_get(struct db *db, const char *number, struct arena *a, struct ticket **out,
                  struct err *err);
int sq_ticket_get_id(struct db *db, int64_t id, struct arena *a, struct ticket **out,
                     struct err *err);
int sq_ticket_save(struct db *db, struct ticket *t, struct err *err);
int sq_ticket_list(struct db *db, const struct ticket_query *q, struct arena *a,
                   struct ticket ***items, size_t *n, int64_t *total, bool *capped,
                   struct err *err);
int sq_ticket_sweep_candidates(struct db *db, int64_t now, int64_t horizon,
                               int64_t resolved_before, struct arena *a, struct ticket ***items,
                               size_t *n, struct err *err);
int sq_ticket_add_tags(struct db *db, int64_t ticket_id, const int64_t *tag_ids, size_t n,
                       size_t *added, struct err *err);
int sq_ticket_set_tags(struct db *db, int64_t ticket_id, const int64_t *tag_ids, size_t n,
                       struct err *err);
int sq_ticket_search_log(struct db *db, int64_t ticket_id, struct err *err);
int sq_event_add(struct db *db, const struct ticket_event *e, struct err *err);
int sq_events_list(struct db *db, int64_t ticket_id, bool with_internal, struct arena *a,
                   struct ticket_event **items, size_t *n, struct err *err);
int sq_outbox_add(struct db *db, const struct outbox_row *o, struct err *err);
int sq_outbox_list(struct db *db, const char *status, int64_t ticket_id, struct arena *a,
                   struct outbox_row **items, size_t *n, struct err *err);
int sq_outbox_get(struct db *db, int64_t id, struct arena *a, struct outbox_row *out,
                  struct err *err);
int sq_outbox_claim(struct db *db, const char *channel, int64_t now, int limit, struct arena *a,
                    struct outbox_row **items, size_t *n, struct err *err);
int sq_outbox_finish(struct db *db, int64_t id, const char *status, int64_t next_attempt_at,
                     const char *last_error, int64_t now, struct err *err);
int sq_outbox_expire_claims(struct db *db, const char *channel, int64_t claimed_before,
                            const char *last_error, int *n, struct err *err);
int sq_outbox_unclaim(struct db *db, int64_t id, struct err *err);
int sq_outbox_resend(struct db *db, int64_t id, int64_t now, struct err *err);
int sq_mail_template_get(struct db *db, const char *key, const char *locale, struct arena *a,
                         struct mail_template_row *out, struct err *err);
int sq_mail_template_put(struct db *db, const struct mail_template_row *t, struct err *err);
int sq_mail_template_delete(struct db *db, const char *key, const char *locale,
                            struct err *err);
int sq_mail_template_list(struct db *db, struct arena *a, struct mail_template_row **items,
                          size_t *n, struct err *err);
int sq_redirect_add(struct db *db, int64_t service_id, int64_t user_id, int64_t at,
                    struct err *err);
int sq_redirect_count(struct db *db, int64_t service_id, int64_t *count, struct err *err);
int sq_attachment_add(struct db *db, struct attachment *at, struct err *err);
int sq_attachment_get(struct db *db, int64_t id, struct arena *a, struct attachment *out,
                      struct err *err);
int sq_attachments_list(struct db *db, int64_t ticket_id, bool with_internal, struct arena *a,
                        struct attachment **items, size_t *n, struct err *err);
int sq_faq_save(struct db *db, struct faq *f, struct err *err);
int sq_faq_get(struct db *db, int64_t id, struct arena *a, struct faq *out, struct err *err);
int sq_faq_delete(struct db *db, int64_t id, struct err *err);
int sq_faq_list(struct db *db, const struct faq_query *q, struct arena *a, struct faq **items,
                size_t *n, int64_t *total, struct err *err);
int sq_faq_vote(struct db *db, int64_t id, int64_t user_id, bool helpful, bool *counted,
                struct err *err);
int sq_proposal_save(struct db *db, struct faq_proposal *p, struct err *err);
int sq_proposal_get(struct db *db, int64_t id, struct arena *a, struct faq_proposal *out,
                    struct err *err);
int sq_proposal_list(struct db *db, const char *status, int64_t proposer_id, int64_t page,
                     int64_t per_page, struct arena *a, struct faq_proposal **items, size_t *n,
                     int64_t *total, struct err *err);

#endif

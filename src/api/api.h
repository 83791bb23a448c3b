/* Every handler the route table (http/routes.c) points to. One file per
** resource under api/; handlers parse and validate input, call core and the
** store, and shape the JSON answer. No SQL here. */
#ifndef LOKET_API_H
#define LOKET_API_H

#include "http/http.h"
#include "store/store.h"

int api_health(struct req *rq);

int api_auth_login(struct req *rq);
int api_auth_logout(struct req *rq);
int api_me(struct req *rq);
/* Sign-in throttling per (account, client address), shared by login,
** sign-up and verification: api_throttled answers 429 auth.throttled while
** the pair waits; api_note_failure counts one more failure. */
struct login_throttle;
int api_throttled(struct req *rq, const struct login_throttle *t, int64_t now);
void api_note_failure(struct req *rq, struct db *db, const char *account, int64_t now);
/* Self sign-up of outside stakeholders (api/signup.c). */
int api_auth_signup_status(struct req *rq);
int api_auth_signup(struct req *rq);
int api_auth_verify(struct req *rq);
/* issue #20 item 7: an invited user sets their password (api/signup.c) */
int api_auth_invite(struct req *rq);
/* Sign-in with the office directory by OpenID Connect (api/oidc.c). */
int api_auth_oidc_status(struct req *rq);
int api_auth_oidc_start(struct req *rq);
int api_auth_oidc_callback(struct req *rq);
int api_tokens_create(struct req *rq);
int api_tokens_list(struct req *rq);
int api_tokens_revoke(struct req *rq);
int api_user_tokens_list(struct req *rq);
int api_user_tokens_revoke(struct req *rq);

int api_master_list(struct req *rq);
int api_master_get(struct req *rq);
int api_master_create(struct req *rq);
int api_master_update(struct req *rq);
int api_master_delete(struct req *rq);

int api_users_create(struct req *rq);
int api_users_update(struct req *rq);
int api_users_delete(struct req *rq);
int api_users_invite(struct req *rq); /* issue #20 item 7 */
/* identity check (api/identity.c, issue #21) */
int api_identity_queue(struct req *rq);
int api_identity_verify(struct req *rq);

int api_audit_list(struct req *rq);

int api_tickets_create(struct req *rq);
int api_app_problems_create(struct req *rq);
int api_tickets_list(struct req *rq);
int api_tickets_get(struct req *rq);
int api_tickets_update(struct req *rq);
int api_tickets_events(struct req *rq);
int api_tickets_comment(struct req *rq);
int api_tickets_transition(struct req *rq);
int api_tickets_assign(struct req *rq);
int api_tickets_escalate(struct req *rq);
int api_tickets_rate(struct req *rq);
int api_tickets_merge(struct req *rq);
int api_services_redirect(struct req *rq);
/* the generic writes plus the service PIC rule (api/services.c) */
int api_services_create(struct req *rq);
int api_services_update(struct req *rq);
int api_outbox_list(struct req *rq);
int api_settings_get(struct req *rq);
int api_outbox_resend(struct req *rq);
int api_mail_templates_list(struct req *rq);
int api_mail_templates_get(struct req *rq);
int api_mail_templates_put(struct req *rq);
int api_mail_templates_patch(struct req *rq);
int api_mail_templates_reset(struct req *rq);
int api_mail_templates_preview(struct req *rq);
int api_attachments_upload(struct req *rq);
/* Before the body of an upload: 404 for a ticket this user cannot see,
** 403 when they may not attach to it, 409 when it is closed. */
int api_attachments_may_upload(struct req *rq);
int api_attachments_list(struct req *rq);
int api_attachments_download(struct req *rq);
/* issue #21 items 7 and 8: api/office.c, api/policy.c */
int api_attachments_delete(struct req *rq);
int api_office_get(struct req *rq);
int api_office_put(struct req *rq);
int api_office_logo_get(struct req *rq);
int api_office_logo_put(struct req *rq);
int api_office_logo_delete(struct req *rq);
int api_office_test_mail(struct req *rq);
int api_policy_get(struct req *rq);
int api_policy_put(struct req *rq);


int api_faq_list(struct req *rq);
int api_faq_suggest(struct req *rq);
int api_faq_get(struct req *rq);
int api_faq_create(struct req *rq);
int api_faq_update(struct req *rq);
int api_faq_delete(struct req *rq);
int api_faq_helpful(struct req *rq);
int api_faq_proposals_list(struct req *rq);
int api_faq_proposals_create(struct req *rq);
int api_faq_proposals_approve(struct req *rq);
int api_faq_proposals_reject(struct req *rq);
int api_reports_summary(struct req *rq);
int api_reports_series(struct req *rq);
int api_reports_times(struct req *rq);
int api_reports_sla(struct req *rq);
int api_reports_workload(struct req *rq);
int api_reports_ratings(struct req *rq);
int api_reports_redirects(struct req *rq);
int api_reports_recap(struct req *rq);
int api_reports_appointments(struct req *rq);
int api_reports_waiting(struct req *rq);
int api_reports_rejections(struct req *rq);
int api_reports_chart_svg(struct req *rq);
int api_reports_chart_png(struct req *rq);
int api_tickets_pdf(struct req *rq);
int api_exports_create(struct req *rq);
/* Partner letters (api/letters.c, issue #17 item 4). */
int api_letter_settings_get(struct req *rq);
int api_letter_settings_put(struct req *rq);
int api_letter_logo_get(struct req *rq);
int api_letter_logo_put(struct req *rq);
int api_letter_logo_delete(struct req *rq);
int api_letter_templates_list(struct req *rq);
int api_letter_templates_get(struct req *rq);
int api_letter_templates_put(struct req *rq);
int api_letter_templates_reset(struct req *rq);
int api_partner_letters_list(struct req *rq);
int api_partner_contract_pdf(struct req *rq);
int api_partner_bast_pdf(struct req *rq);
int api_partner_termination_pdf(struct req *rq);
int api_assignment_letter_pdf(struct req *rq);
int api_letters_void(struct req *rq);
int api_exports_get(struct req *rq);
int api_exports_file(struct req *rq);

/* Partner administration (issue #17): api/partners.c, activities.c,
** assignments.c, contracts.c, partner_reports.c. */
int api_partners_list(struct req *rq);
int api_partners_get(struct req *rq);
int api_partners_create(struct req *rq);
int api_partners_update(struct req *rq);
int api_partners_delete(struct req *rq);
int api_partners_import(struct req *rq);
int api_partners_export(struct req *rq);
int api_activities_list(struct req *rq);
int api_activities_get(struct req *rq);
int api_activities_create(struct req *rq);
int api_activities_update(struct req *rq);
int api_activities_delete(struct req *rq);
int api_partner_ceilings_get(struct req *rq);
int api_partner_ceilings_put(struct req *rq);
int api_assignments_list(struct req *rq);
int api_assignments_get(struct req *rq);
int api_assignments_create(struct req *rq);
int api_assignments_check(struct req *rq);
int api_assignments_update(struct req *rq);
int api_assignments_delete(struct req *rq);
int api_contracts_list(struct req *rq);
int api_contracts_update(struct req *rq);
int api_payments_list(struct req *rq);
int api_payments_missing(struct req *rq);
int api_reports_partner_fees(struct req *rq);
int api_reports_activity_budgets(struct req *rq);

/* GET /api/v1/channels/whatsapp/webhook: echoes hub.challenge as text/plain
** when hub.mode is subscribe and hub.verify_token matches; else 403. */
int api_whatsapp_verify(struct req *rq);
/* POST /api/v1/channels/whatsapp/webhook: X-Hub-Signature-256 over the raw
** body checked first (401 when missing or wrong); then messages open or
** continue tickets, media are fetched and attached, statuses recorded
** (channels/wa_webhook.c). */
int api_whatsapp_receive(struct req *rq);

/* Outbound webhooks (issue #22 item 3, api/webhooks.c): admins only, the
** 404 of an unknown endpoint for every other role. */
int api_webhooks_list(struct req *rq);
int api_webhooks_create(struct req *rq);
int api_webhooks_get(struct req *rq);
int api_webhooks_update(struct req *rq);
int api_webhooks_delete(struct req *rq);
int api_webhooks_deliveries(struct req *rq);
int api_webhooks_redeliver(struct req *rq);
int api_webhooks_test(struct req *rq);
/* issue #22 item 5: GET /api/v1/settings/ldap, the directory sign-in's
** configuration for admins (never the bind password); POST
** /api/v1/settings/ldap/test, a connection test (api/directory.c). */
int api_directory_ldap_get(struct req *rq);
int api_directory_ldap_test(struct req *rq);
/* issue #22 item 1: automation rules (api/automation.c) */
int api_automation_list(struct req *rq);
int api_automation_get(struct req *rq);
int api_automation_create(struct req *rq);
int api_automation_put(struct req *rq);
int api_automation_patch(struct req *rq);
int api_automation_delete(struct req *rq);
int api_automation_reorder(struct req *rq);
int api_automation_dry_run_id(struct req *rq);
int api_automation_dry_run(struct req *rq);
/* issue #20: the live desk's event stream and presence heartbeats
** (api/events.c, docs/live.md) */
int api_events_stream(struct req *rq);
int api_tickets_presence(struct req *rq);
/* Macros (api/macros.c, issue #20 agent tools). */
int api_macros_list(struct req *rq);
int api_macros_get(struct req *rq);
int api_macros_create(struct req *rq);
int api_macros_update(struct req *rq);
int api_macros_delete(struct req *rq);
int api_tickets_apply_macro(struct req *rq);

#endif

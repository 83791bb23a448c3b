/* The one route table. Grep here to find the handler of any endpoint.
** Master-data resources share generic handlers; `arg` names the resource. */
#include "api/api.h"
#include "api/bookings.h"
#include "api/guide.h"
#include "api/wa_notify.h"
#include "api/inapp.h"
#include "api/survey.h"
#include "api/sched.h"
#include "http/route.h"

#define NO_PERM (-1)

/* list, create, read, update, delete for one master resource */
#define MASTER(path, res)                                                                   \
    {M_GET, "/api/v1/" path, api_master_list, AUTH_USER, ACT_MASTER_READ, &res, 0, ROUTE_CACHE}, \
    {M_POST, "/api/v1/" path, api_master_create, AUTH_USER, ACT_MASTER_WRITE, &res, 0},      \
    {M_GET, "/api/v1/" path "/{id}", api_master_get, AUTH_USER, ACT_MASTER_READ, &res, 0, ROUTE_CACHE}, \
    {M_PATCH, "/api/v1/" path "/{id}", api_master_update, AUTH_USER, ACT_MASTER_WRITE, &res, 0}, \
    {M_DELETE, "/api/v1/" path "/{id}", api_master_delete, AUTH_USER, ACT_MASTER_WRITE, &res, 0}

const struct route routes[] = {
    {M_GET, "/healthz", api_health, AUTH_NONE, NO_PERM, NULL, 0},

    {M_POST, "/api/v1/auth/login", api_auth_login, AUTH_NONE, NO_PERM, NULL, 16384},
    /* issue #16: outside stakeholders sign up with a verified email address */
    {M_GET, "/api/v1/auth/signup", api_auth_signup_status, AUTH_NONE, NO_PERM, NULL, 0},
    /* issue #21: the user guide, rendered from docs/guide/ (open to everyone) */
    {M_GET, "/api/v1/guide", api_guide_get, AUTH_NONE, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/auth/signup", api_auth_signup, AUTH_NONE, NO_PERM, NULL, 16384},
    {M_POST, "/api/v1/auth/verify", api_auth_verify, AUTH_NONE, NO_PERM, NULL, 4096},
    /* issue #20 item 7: an invited user sets their own password */
    {M_POST, "/api/v1/auth/invite", api_auth_invite, AUTH_NONE, NO_PERM, NULL, 4096},
    /* issue #22 item 5: sign-in with the office directory (OpenID Connect) */
    {M_GET, "/api/v1/auth/oidc", api_auth_oidc_status, AUTH_NONE, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/auth/oidc/start", api_auth_oidc_start, AUTH_NONE, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/auth/oidc/callback", api_auth_oidc_callback, AUTH_NONE, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/auth/logout", api_auth_logout, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/me", api_me, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/tokens", api_tokens_create, AUTH_USER, ACT_TOKEN_CREATE, NULL, 16384},
    {M_GET, "/api/v1/tokens", api_tokens_list, AUTH_USER, ACT_TOKEN_CREATE, NULL, 0},
    {M_DELETE, "/api/v1/tokens/{id}", api_tokens_revoke, AUTH_USER, ACT_TOKEN_CREATE, NULL, 0},

    {M_GET, "/api/v1/audit", api_audit_list, AUTH_USER, ACT_AUDIT_READ, NULL, 0},
    {M_GET, "/api/v1/outbox", api_outbox_list, AUTH_USER, ACT_AUDIT_READ, NULL, 0},
    {M_GET, "/api/v1/settings", api_settings_get, AUTH_USER, ACT_SETTINGS_WRITE, NULL, 0},
    /* issue #21: the settings page and the role policy */
    {M_GET, "/api/v1/settings/office", api_office_get, AUTH_USER, ACT_SETTINGS_WRITE, NULL, 0},
    {M_PUT, "/api/v1/settings/office", api_office_put, AUTH_USER, ACT_SETTINGS_WRITE, NULL, 16384},
    {M_GET, "/api/v1/settings/logo", api_office_logo_get, AUTH_USER, NO_PERM, NULL, 0},
    {M_PUT, "/api/v1/settings/logo", api_office_logo_put, AUTH_USER, ACT_SETTINGS_WRITE, NULL, 524288},
    {M_DELETE, "/api/v1/settings/logo", api_office_logo_delete, AUTH_USER, ACT_SETTINGS_WRITE, NULL, 0},
    {M_POST, "/api/v1/settings/test-mail", api_office_test_mail, AUTH_USER, ACT_SETTINGS_WRITE, NULL, 4096},
    /* issue #22 item 5: the office directory's sign-in status and test (404
    ** for all but admins, api/directory.c) */
    {M_GET, "/api/v1/settings/ldap", api_directory_ldap_get, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/settings/ldap/test", api_directory_ldap_test, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/role-policy", api_policy_get, AUTH_USER, ACT_SETTINGS_WRITE, NULL, 0},
    {M_PUT, "/api/v1/role-policy", api_policy_put, AUTH_USER, ACT_SETTINGS_WRITE, NULL, 16384},
    /* issue #22 item 1: automation rules, admins only (404 to others: api/automation.c) */
    {M_GET, "/api/v1/automation/rules", api_automation_list, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/automation/rules", api_automation_create, AUTH_USER, NO_PERM, NULL, 65536},
    {M_POST, "/api/v1/automation/rules/reorder", api_automation_reorder, AUTH_USER, NO_PERM, NULL, 16384},
    {M_GET, "/api/v1/automation/rules/{id}", api_automation_get, AUTH_USER, NO_PERM, NULL, 0},
    {M_PUT, "/api/v1/automation/rules/{id}", api_automation_put, AUTH_USER, NO_PERM, NULL, 65536},
    {M_PATCH, "/api/v1/automation/rules/{id}", api_automation_patch, AUTH_USER, NO_PERM, NULL, 4096},
    {M_DELETE, "/api/v1/automation/rules/{id}", api_automation_delete, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/automation/rules/{id}/dry-run", api_automation_dry_run_id, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/automation/dry-run", api_automation_dry_run, AUTH_USER, NO_PERM, NULL, 65536},
    {M_POST, "/api/v1/outbox/{id}/resend", api_outbox_resend, AUTH_USER, ACT_SETTINGS_WRITE, NULL, 0},
    {M_GET, "/api/v1/mail-templates", api_mail_templates_list, AUTH_USER, ACT_SETTINGS_WRITE, NULL, 0},
    {M_GET, "/api/v1/mail-templates/{key}/{locale}", api_mail_templates_get, AUTH_USER, ACT_SETTINGS_WRITE, NULL, 0},
    {M_PUT, "/api/v1/mail-templates/{key}/{locale}", api_mail_templates_put, AUTH_USER, ACT_SETTINGS_WRITE, NULL, 0},
    {M_PATCH, "/api/v1/mail-templates/{key}/{locale}", api_mail_templates_patch, AUTH_USER, ACT_SETTINGS_WRITE, NULL, 0},
    {M_POST, "/api/v1/mail-templates/{key}/{locale}/reset", api_mail_templates_reset, AUTH_USER, ACT_SETTINGS_WRITE, NULL, 0},
    {M_POST, "/api/v1/mail-templates/{key}/{locale}/preview", api_mail_templates_preview, AUTH_USER, ACT_SETTINGS_WRITE, NULL, 0},

    {M_POST, "/api/v1/tickets", api_tickets_create, AUTH_USER, ACT_TICKET_CREATE, NULL, 0},
    /* "Laporkan masalah aplikasi": every signed-in user (ACT_TICKET_CREATE) */
    {M_POST, "/api/v1/app-problems", api_app_problems_create, AUTH_USER, ACT_TICKET_CREATE, NULL, 0},
    {M_GET, "/api/v1/tickets", api_tickets_list, AUTH_USER, NO_PERM, NULL, 0, ROUTE_CACHE},
    /* not cached: one row by id is cheaper to read again than the cache's
    ** key, lookup, coalescing and copy on every miss (-15 % CPU per GET) */
    {M_GET, "/api/v1/tickets/{number}", api_tickets_get, AUTH_USER, NO_PERM, NULL, 0},
    {M_PATCH, "/api/v1/tickets/{number}", api_tickets_update, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/tickets/{number}/events", api_tickets_events, AUTH_USER, NO_PERM, NULL, 0, ROUTE_CACHE},
    {M_POST, "/api/v1/tickets/{number}/comments", api_tickets_comment, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/tickets/{number}/transitions", api_tickets_transition, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/tickets/{number}/assign", api_tickets_assign, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/tickets/{number}/escalate", api_tickets_escalate, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/tickets/{number}/rating", api_tickets_rate, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/tickets/{number}/merge", api_tickets_merge, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/tickets/{number}/attachments", api_attachments_list, AUTH_USER, NO_PERM, NULL, 0, ROUTE_CACHE},
    {M_POST, "/api/v1/tickets/{number}/attachments", api_attachments_upload, AUTH_USER, NO_PERM, NULL, 0, ROUTE_UPLOAD, api_attachments_may_upload},
    {M_GET, "/api/v1/attachments/{id}", api_attachments_download, AUTH_USER, NO_PERM, NULL, 0},
    {M_DELETE, "/api/v1/attachments/{id}", api_attachments_delete, AUTH_USER, NO_PERM, NULL, 4096},
    {M_GET, "/api/v1/tickets/{number}/pdf", api_tickets_pdf, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/tickets/{number}/receipt.pdf", api_tickets_receipt_pdf, AUTH_USER, NO_PERM, NULL, 0},
    /* issue #22 item 2: scheduled reports */
    {M_GET, "/api/v1/report-subscriptions", api_subscriptions_list, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/report-subscriptions", api_subscriptions_create, AUTH_USER, NO_PERM, NULL, 8192},
    {M_GET, "/api/v1/report-subscriptions/{id}", api_subscriptions_get, AUTH_USER, NO_PERM, NULL, 0},
    {M_PATCH, "/api/v1/report-subscriptions/{id}", api_subscriptions_update, AUTH_USER, NO_PERM, NULL, 8192},
    {M_DELETE, "/api/v1/report-subscriptions/{id}", api_subscriptions_delete, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/report-subscriptions/{id}/send", api_subscriptions_send, AUTH_USER, NO_PERM, NULL, 0},

    {M_GET, "/api/v1/reports/summary", api_reports_summary, AUTH_USER, ACT_REPORT_READ, NULL, 0, ROUTE_CACHE},
    {M_GET, "/api/v1/reports/series", api_reports_series, AUTH_USER, ACT_REPORT_READ, NULL, 0, ROUTE_CACHE},
    {M_GET, "/api/v1/reports/times", api_reports_times, AUTH_USER, ACT_REPORT_READ, NULL, 0, ROUTE_CACHE},
    {M_GET, "/api/v1/reports/sla", api_reports_sla, AUTH_USER, ACT_REPORT_READ, NULL, 0, ROUTE_CACHE},
    {M_GET, "/api/v1/reports/workload", api_reports_workload, AUTH_USER, ACT_REPORT_READ, NULL, 0, ROUTE_CACHE},
    {M_GET, "/api/v1/reports/ratings", api_reports_ratings, AUTH_USER, ACT_REPORT_READ, NULL, 0, ROUTE_CACHE},
    {M_GET, "/api/v1/reports/redirects", api_reports_redirects, AUTH_USER, ACT_REPORT_READ, NULL, 0, ROUTE_CACHE},
    {M_GET, "/api/v1/reports/recap", api_reports_recap, AUTH_USER, ACT_REPORT_READ, NULL, 0, ROUTE_CACHE},
    {M_GET, "/api/v1/reports/appointments", api_reports_appointments, AUTH_USER, ACT_REPORT_READ, NULL, 0, ROUTE_CACHE},
    {M_GET, "/api/v1/reports/waiting", api_reports_waiting, AUTH_USER, ACT_REPORT_READ, NULL, 0, ROUTE_CACHE},
    {M_GET, "/api/v1/reports/rejections", api_reports_rejections, AUTH_USER, ACT_REPORT_READ, NULL, 0, ROUTE_CACHE},
    {M_GET, "/api/v1/reports/chart.svg", api_reports_chart_svg, AUTH_USER, ACT_REPORT_READ, NULL, 0},
    {M_GET, "/api/v1/reports/chart.png", api_reports_chart_png, AUTH_USER, ACT_REPORT_READ, NULL, 0},
    /* report readers, and partner admins for the partner reports and
    ** letters (report "letters"): the handlers check which (exports.c) */
    {M_POST, "/api/v1/exports", api_exports_create, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/exports/{id}", api_exports_get, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/exports/{id}/file", api_exports_file, AUTH_USER, NO_PERM, NULL, 0},

    /* Signed by Meta (X-Hub-Signature-256), not by a session: no auth, no CSRF. */
    {M_GET, "/api/v1/channels/whatsapp/webhook", api_whatsapp_verify, AUTH_NONE, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/channels/whatsapp/webhook", api_whatsapp_receive, AUTH_NONE, NO_PERM, NULL, 0},

    {M_GET, "/api/v1/faq", api_faq_list, AUTH_USER, NO_PERM, NULL, 0, ROUTE_CACHE},
    {M_POST, "/api/v1/faq", api_faq_create, AUTH_USER, ACT_FAQ_WRITE, NULL, 0},
    {M_GET, "/api/v1/faq/suggest", api_faq_suggest, AUTH_USER, NO_PERM, NULL, 0, ROUTE_CACHE},
    {M_GET, "/api/v1/faq/{id}", api_faq_get, AUTH_USER, NO_PERM, NULL, 0, ROUTE_CACHE},
    {M_PATCH, "/api/v1/faq/{id}", api_faq_update, AUTH_USER, ACT_FAQ_WRITE, NULL, 0},
    {M_DELETE, "/api/v1/faq/{id}", api_faq_delete, AUTH_USER, ACT_FAQ_WRITE, NULL, 0},
    {M_POST, "/api/v1/faq/{id}/helpful", api_faq_helpful, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/faq-proposals", api_faq_proposals_list, AUTH_USER, NO_PERM, NULL, 0, ROUTE_CACHE},
    {M_POST, "/api/v1/faq-proposals", api_faq_proposals_create, AUTH_USER, ACT_FAQ_PROPOSE, NULL, 0},
    {M_POST, "/api/v1/faq-proposals/{id}/approve", api_faq_proposals_approve, AUTH_USER, ACT_FAQ_WRITE, NULL, 0},
    {M_POST, "/api/v1/faq-proposals/{id}/reject", api_faq_proposals_reject, AUTH_USER, ACT_FAQ_WRITE, NULL, 0},

    MASTER("units", res_units),
    MASTER("vendors", res_vendors),
    MASTER("categories", res_categories),
    MASTER("calendars", res_calendars),
    MASTER("holidays", res_holidays),
    MASTER("sla-policies", res_sla_policies),
    MASTER("priorities", res_priorities),
    /* services: the master-data routes, with the PIC rule on writes (issue #21) */
    {M_GET, "/api/v1/services", api_master_list, AUTH_USER, ACT_MASTER_READ, &res_services, 0, ROUTE_CACHE},
    {M_POST, "/api/v1/services", api_services_create, AUTH_USER, ACT_MASTER_WRITE, &res_services, 0},
    {M_GET, "/api/v1/services/{id}", api_master_get, AUTH_USER, ACT_MASTER_READ, &res_services, 0, ROUTE_CACHE},
    {M_PATCH, "/api/v1/services/{id}", api_services_update, AUTH_USER, ACT_MASTER_WRITE, &res_services, 0},
    {M_DELETE, "/api/v1/services/{id}", api_master_delete, AUTH_USER, ACT_MASTER_WRITE, &res_services, 0},
    {M_POST, "/api/v1/services/{id}/redirect", api_services_redirect, AUTH_USER, ACT_MASTER_READ, NULL, 0},
    /* Appointments (issue 16): who may see or do what is decided in svc/booking.c */
    {M_GET, "/api/v1/services/{id}/schedule", api_schedule_get, AUTH_USER, ACT_MASTER_READ, NULL, 0},
    {M_PUT, "/api/v1/services/{id}/schedule", api_schedule_put, AUTH_USER, ACT_MASTER_WRITE, NULL, 0},
    {M_GET, "/api/v1/services/{id}/availability", api_availability, AUTH_USER, NO_PERM, NULL, 0},
    /* cached per user and URL until the next commit: the waiting room polls it */
    /* not ROUTE_CACHE: the handler keeps one copy for every requester per
    ** day (api/queue_cache.c); a copy per user died at every commit */
    {M_GET, "/api/v1/services/{id}/queue", api_queue_get, AUTH_USER, NO_PERM, NULL, 0, 0},
    {M_POST, "/api/v1/services/{id}/queue/next", api_queue_next, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/bookings", api_bookings_create, AUTH_USER, ACT_TICKET_CREATE, NULL, 0},
    {M_GET, "/api/v1/bookings", api_bookings_list, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/bookings/{id}", api_bookings_get, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/bookings/{id}/cancel", api_bookings_cancel, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/bookings/{id}/reschedule", api_bookings_reschedule, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/bookings/{id}/served", api_bookings_served, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/bookings/{id}/no_show", api_bookings_no_show, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/bookings/{id}/ics", api_bookings_ics, AUTH_USER, NO_PERM, NULL, 0},
    MASTER("tags", res_tags),
    MASTER("canned-responses", res_canned_responses),
    MASTER("reject-reasons", res_reject_reasons),

    /* Partner administration: the handlers check core/perm.c's partner
    ** rules themselves, answering 404 to whoever may not use it. */
    {M_GET, "/api/v1/partners", api_partners_list, AUTH_USER, NO_PERM, &res_partners, 0},
    {M_POST, "/api/v1/partners", api_partners_create, AUTH_USER, NO_PERM, &res_partners, 0},
    {M_POST, "/api/v1/partners/import", api_partners_import, AUTH_USER, NO_PERM, NULL, 4194304},
    {M_GET, "/api/v1/partners/export", api_partners_export, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/partners/{id}", api_partners_get, AUTH_USER, NO_PERM, &res_partners, 0},
    {M_PATCH, "/api/v1/partners/{id}", api_partners_update, AUTH_USER, NO_PERM, &res_partners, 0},
    {M_DELETE, "/api/v1/partners/{id}", api_partners_delete, AUTH_USER, NO_PERM, &res_partners, 0},
    {M_GET, "/api/v1/activities", api_activities_list, AUTH_USER, NO_PERM, &res_activities, 0},
    {M_POST, "/api/v1/activities", api_activities_create, AUTH_USER, NO_PERM, &res_activities, 0},
    {M_GET, "/api/v1/activities/{id}", api_activities_get, AUTH_USER, NO_PERM, &res_activities, 0},
    {M_PATCH, "/api/v1/activities/{id}", api_activities_update, AUTH_USER, NO_PERM, &res_activities, 0},
    {M_DELETE, "/api/v1/activities/{id}", api_activities_delete, AUTH_USER, NO_PERM, &res_activities, 0},
    {M_GET, "/api/v1/partner-ceilings/{year}", api_partner_ceilings_get, AUTH_USER, NO_PERM, NULL, 0},
    {M_PUT, "/api/v1/partner-ceilings/{year}", api_partner_ceilings_put, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/assignments", api_assignments_list, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/assignments", api_assignments_create, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/assignments/check", api_assignments_check, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/assignments/{id}", api_assignments_get, AUTH_USER, NO_PERM, NULL, 0},
    {M_PATCH, "/api/v1/assignments/{id}", api_assignments_update, AUTH_USER, NO_PERM, NULL, 0},
    {M_DELETE, "/api/v1/assignments/{id}", api_assignments_delete, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/contracts", api_contracts_list, AUTH_USER, NO_PERM, NULL, 0},
    {M_PATCH, "/api/v1/contracts/{partner_id}/{month}", api_contracts_update, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/payments", api_payments_list, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/payments/missing", api_payments_missing, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/reports/partner-fees", api_reports_partner_fees, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/reports/activity-budgets", api_reports_activity_budgets, AUTH_USER, NO_PERM, NULL, 0},
    /* Letters (api/letters.c): issued on first download, the same number after;
    ** the handlers check the partner permissions like the ones above. */
    {M_GET, "/api/v1/partners/{id}/letters", api_partner_letters_list, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/partners/{id}/letters/contract.pdf", api_partner_contract_pdf, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/partners/{id}/letters/bast.pdf", api_partner_bast_pdf, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/partners/{id}/letters/termination.pdf", api_partner_termination_pdf, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/assignments/{id}/letters/assignment.pdf", api_assignment_letter_pdf, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/letters/{id}/void", api_letters_void, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/letter-templates", api_letter_templates_list, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/letter-templates/{kind}", api_letter_templates_get, AUTH_USER, NO_PERM, NULL, 0},
    {M_PUT, "/api/v1/letter-templates/{kind}", api_letter_templates_put, AUTH_USER, NO_PERM, NULL, 131072},
    {M_POST, "/api/v1/letter-templates/{kind}/reset", api_letter_templates_reset, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/units/{id}/letter-settings", api_letter_settings_get, AUTH_USER, NO_PERM, NULL, 0},
    {M_PUT, "/api/v1/units/{id}/letter-settings", api_letter_settings_put, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/units/{id}/letter-settings/logo", api_letter_logo_get, AUTH_USER, NO_PERM, NULL, 0},
    {M_PUT, "/api/v1/units/{id}/letter-settings/logo", api_letter_logo_put, AUTH_USER, NO_PERM, NULL, 524288},
    {M_DELETE, "/api/v1/units/{id}/letter-settings/logo", api_letter_logo_delete, AUTH_USER, NO_PERM, NULL, 0},

    {M_GET, "/api/v1/users", api_master_list, AUTH_USER, ACT_USER_READ, &res_users, 0},
    {M_POST, "/api/v1/users", api_users_create, AUTH_USER, ACT_USER_WRITE, &res_users, 0},
    {M_GET, "/api/v1/users/{id}", api_master_get, AUTH_USER, ACT_USER_READ, &res_users, 0},
    {M_PATCH, "/api/v1/users/{id}", api_users_update, AUTH_USER, ACT_USER_WRITE, &res_users, 0},
    {M_DELETE, "/api/v1/users/{id}", api_users_delete, AUTH_USER, ACT_USER_WRITE, &res_users, 0},
    /* issue #20 item 7: a new invitation link for a user */
    {M_POST, "/api/v1/users/{id}/invite", api_users_invite, AUTH_USER, ACT_USER_WRITE, NULL, 0},
    {M_POST, "/api/v1/users/{id}/verify-identity", api_identity_verify, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/identity/queue", api_identity_queue, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/users/{id}/tokens", api_user_tokens_list, AUTH_USER, ACT_USER_WRITE, NULL, 0},
    {M_DELETE, "/api/v1/users/{id}/tokens/{token_id}", api_user_tokens_revoke, AUTH_USER, ACT_USER_WRITE, NULL, 0},
    /* issue #22 item 3: outbound webhooks (api/webhooks.c; admins, 404 for the rest) */
    {M_GET, "/api/v1/webhooks", api_webhooks_list, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/webhooks", api_webhooks_create, AUTH_USER, NO_PERM, NULL, 16384},
    {M_GET, "/api/v1/webhooks/{id}", api_webhooks_get, AUTH_USER, NO_PERM, NULL, 0},
    {M_PATCH, "/api/v1/webhooks/{id}", api_webhooks_update, AUTH_USER, NO_PERM, NULL, 16384},
    {M_DELETE, "/api/v1/webhooks/{id}", api_webhooks_delete, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/webhooks/{id}/deliveries", api_webhooks_deliveries, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver", api_webhooks_redeliver, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/webhooks/{id}/test", api_webhooks_test, AUTH_USER, NO_PERM, NULL, 0},
    /* issue #22 item 4: mail, WhatsApp or both; who may is api/wa_notify.c's */
    {M_GET, "/api/v1/me/notifications", api_me_notifications_get, AUTH_USER, NO_PERM, NULL, 0},
    {M_PUT, "/api/v1/me/notifications", api_me_notifications_put, AUTH_USER, NO_PERM, NULL, 4096},
    {M_GET, "/api/v1/users/{id}/notifications", api_user_notifications_get, AUTH_USER, NO_PERM, NULL, 0},
    {M_PUT, "/api/v1/users/{id}/notifications", api_user_notifications_put, AUTH_USER, NO_PERM, NULL, 4096},
    /* issue #20: in-app notifications, the caller's own (the bell) */
    {M_GET, "/api/v1/me/alerts", api_inapp_list, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/me/alerts/count", api_inapp_count, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/me/alerts/read-all", api_inapp_read_all, AUTH_USER, NO_PERM, NULL, 4096},
    {M_POST, "/api/v1/me/alerts/{id}/read", api_inapp_read, AUTH_USER, NO_PERM, NULL, 4096},

    /* issue #22 item 6: the satisfaction survey (api/survey.c checks the
    ** roles: admins write, leaders read, 404 for the rest); the answering
    ** page's two calls go by the mailed token alone */
    {M_GET, "/api/v1/surveys", api_surveys_list, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/surveys", api_surveys_create, AUTH_USER, NO_PERM, NULL, 65536},
    {M_GET, "/api/v1/surveys/{id}", api_surveys_get, AUTH_USER, NO_PERM, NULL, 0},
    {M_PATCH, "/api/v1/surveys/{id}", api_surveys_update, AUTH_USER, NO_PERM, NULL, 65536},
    {M_DELETE, "/api/v1/surveys/{id}", api_surveys_delete, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/surveys/{id}/activate", api_surveys_activate, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/surveys/{id}/close", api_surveys_close, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/surveys/{id}/send", api_surveys_send, AUTH_USER, NO_PERM, NULL, 0},
    {M_GET, "/api/v1/reports/survey", api_reports_survey, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/survey-form", api_survey_form, AUTH_NONE, NO_PERM, NULL, 4096},
    {M_POST, "/api/v1/survey-form/answer", api_survey_answer, AUTH_NONE, NO_PERM, NULL, 65536},
    /* issue #20: the live desk (api/events.c, docs/live.md) */
    {M_GET, "/api/v1/events", api_events_stream, AUTH_USER, NO_PERM, NULL, 0},
    {M_POST, "/api/v1/tickets/{number}/presence", api_tickets_presence, AUTH_USER, NO_PERM, NULL, 1024},
    /* issue #20 agent tools: macros; staff read and apply them, admins keep
    ** them, 404 to requesters and leaders (api/macros.c) */
    {M_GET, "/api/v1/macros", api_macros_list, AUTH_USER, NO_PERM, &res_macros, 0},
    {M_POST, "/api/v1/macros", api_macros_create, AUTH_USER, NO_PERM, &res_macros, 65536},
    {M_GET, "/api/v1/macros/{id}", api_macros_get, AUTH_USER, NO_PERM, &res_macros, 0},
    {M_PATCH, "/api/v1/macros/{id}", api_macros_update, AUTH_USER, NO_PERM, &res_macros, 65536},
    {M_DELETE, "/api/v1/macros/{id}", api_macros_delete, AUTH_USER, NO_PERM, &res_macros, 0},
    {M_POST, "/api/v1/tickets/{number}/macro", api_tickets_apply_macro, AUTH_USER, NO_PERM, NULL, 0},
};

const size_t n_routes = sizeof routes / sizeof routes[0];

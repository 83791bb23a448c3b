/* Handlers of issue #22 items 2 and 7: report subscriptions
** (api/subscriptions.c) and the ticket receipt (api/receipt.c). */
#ifndef LOKET_API_SCHED_H
#define LOKET_API_SCHED_H

#include "report/report.h"

struct db;
struct req;

/* The letterhead of per-ticket PDFs: the office name and letterhead lines
** and the report_logo_path setting's logo; strings live in rq->arena. */
struct report_brand api_ticket_brand(struct req *rq, struct db *db);

/* GET /api/v1/tickets/{number}/receipt.pdf: a one-page PDF with a QR code
** of the ticket's page; 404 ticket.not_found when the caller may not see it. */
int api_tickets_receipt_pdf(struct req *rq);

/* /api/v1/report-subscriptions: for leaders (their own) and admins (all);
** 404 not_found for everyone else. GET lists, POST creates (201), GET/PATCH/
** DELETE {id} (404 subscription.not_found for another's), POST {id}/send
** mails the latest period now without claiming it (202 {period, queued}). */
int api_subscriptions_list(struct req *rq);
int api_subscriptions_get(struct req *rq);
int api_subscriptions_create(struct req *rq);
int api_subscriptions_update(struct req *rq);
int api_subscriptions_delete(struct req *rq);
int api_subscriptions_send(struct req *rq);

#endif

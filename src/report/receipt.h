/* The ticket receipt (issue #22 item 7): one A4 page a requester keeps as
** proof that the office received the request, with a QR code that opens the
** ticket's page. */
#ifndef LOKET_REPORT_RECEIPT_H
#define LOKET_REPORT_RECEIPT_H

#include "core/err.h"
#include "report/report.h"

#include <stddef.h>

struct ticket;

/* The receipt of t as PDF bytes (malloc'd into *out; caller frees): the
** letterhead of brand, the number, title, service, unit, requester and
** date, and a QR code encoding url (the ticket's page). ERR_INTERNAL when
** the QR code or the PDF cannot be made. */
int report_ticket_receipt(const struct ticket *t, const char *url,
                          const struct report_brand *brand, unsigned char **out, size_t *len,
                          struct err *err);

#endif

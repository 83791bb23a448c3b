/* The channels a ticket may be recorded on, in a file of their own so the
** automation rule reader (automation_parse.c) and its fuzz target need no
** other part of the ticket service. */
#include "svc/ticket_svc.h"

const char *const svc_ticket_channels[] = {"web", "email", "whatsapp", "phone", "walk_in", NULL};

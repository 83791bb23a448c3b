/* iCalendar invitations (see ics.h). */
#include "notify/ics.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

static icaltimetype utc(int64_t t)
{
    return icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
}

/* ORGANIZER/ATTENDEE: mailto:addr with CN. */
static icalproperty *person(icalproperty *p, const char *name)
{
    if (name && *name)
        icalproperty_add_parameter(p, icalparameter_new_cn(name));
    return p;
}

char *ics_build(const struct ics_event *e)
{
    icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    icalcomponent_add_property(ev, icalproperty_new_uid(e->uid));
    icalcomponent_add_property(ev, icalproperty_new_sequence(e->sequence));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc(e->stamp)));
    icalcomponent_add_property(ev, icalproperty_new_dtstart(utc(e->start)));
    icalcomponent_add_property(ev, icalproperty_new_dtend(utc(e->end)));
    icalcomponent_add_property(ev, icalproperty_new_summary(e->summary ? e->summary : ""));
    if (e->description && *e->description)
        icalcomponent_add_property(ev, icalproperty_new_description(e->description));
    if (e->location && *e->location)
        icalcomponent_add_property(ev, icalproperty_new_location(e->location));
    if (e->url && *e->url)
        icalcomponent_add_property(ev, icalproperty_new_url(e->url));
    char *org = NULL, *att = NULL;
    if (e->organizer_email && *e->organizer_email) {
        size_t n = strlen(e->organizer_email) + 8;
        org = malloc(n);
        if (org) {
            strcpy(org, "mailto:");
            strcat(org, e->organizer_email);
            icalcomponent_add_property(ev, person(icalproperty_new_organizer(org),
                                                  e->organizer_name));
        }
    }
    if (e->attendee_email && *e->attendee_email) {
        size_t n = strlen(e->attendee_email) + 8;
        att = malloc(n);
        if (att) {
            strcpy(att, "mailto:");
            strcat(att, e->attendee_email);
            icalproperty *p = person(icalproperty_new_attendee(att), e->attendee_name);
            icalproperty_add_parameter(p, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
            icalproperty_add_parameter(p, icalparameter_new_partstat(
                                              e->cancel ? ICAL_PARTSTAT_DECLINED
                                                        : ICAL_PARTSTAT_ACCEPTED));
            icalcomponent_add_property(ev, p);
        }
    }
    icalcomponent_add_property(ev, icalproperty_new_status(e->cancel ? ICAL_STATUS_CANCELLED
                                                                     : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
    icalcomponent *cal = icalcomponent_vanew(
        ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
        icalproperty_new_prodid("-//Loket//Appointments//ID"),
        icalproperty_new_calscale("GREGORIAN"),
        icalproperty_new_method(e->cancel ? ICAL_METHOD_CANCEL : ICAL_METHOD_REQUEST), ev,
        (void *)0);
    char *text = icalcomponent_as_ical_string_r(cal);
    icalcomponent_free(cal);
    free(org);
    free(att);
    return text;
}

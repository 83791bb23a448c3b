/* iCalendar invitations (see ics.h). */
#include "notify/ics.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static icaltimetype utc(int64_t t)
{
    return icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
}

/* ORGANIZER or ATTENDEE: mailto:addr with CN (NULL without an address). */
static icalproperty *person(icalproperty *(*make)(const char *), const char *addr,
                            const char *name)
{
    if (!addr || !*addr)
        return NULL;
    size_t n = strlen(addr) + 8;
    char *uri = malloc(n);
    if (!uri)
        return NULL;
    snprintf(uri, n, "mailto:%s", addr);
    icalproperty *p = make(uri); /* libical copies the value */
    free(uri);
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
    if (e->start) { /* a withdrawn request may have no time left: the UID suffices */
        icalcomponent_add_property(ev, icalproperty_new_dtstart(utc(e->start)));
        icalcomponent_add_property(ev, icalproperty_new_dtend(utc(e->end)));
    }
    icalcomponent_add_property(ev, icalproperty_new_summary(e->summary ? e->summary : ""));
    if (e->description && *e->description)
        icalcomponent_add_property(ev, icalproperty_new_description(e->description));
    if (e->location && *e->location)
        icalcomponent_add_property(ev, icalproperty_new_location(e->location));
    if (e->url && *e->url)
        icalcomponent_add_property(ev, icalproperty_new_url(e->url));
    icalproperty *org = person(icalproperty_new_organizer, e->organizer_email,
                               e->organizer_name);
    if (org)
        icalcomponent_add_property(ev, org);
    icalproperty *att = person(icalproperty_new_attendee, e->attendee_email, e->attendee_name);
    if (att) {
        icalproperty_add_parameter(att, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
        icalproperty_add_parameter(att, icalparameter_new_partstat(
                                            e->cancel ? ICAL_PARTSTAT_DECLINED
                                                      : ICAL_PARTSTAT_ACCEPTED));
        icalcomponent_add_property(ev, att);
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
    return text;
}

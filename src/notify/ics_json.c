/* Booking invites kept as JSON until the mail worker sends (see ics_json.h). */
#include "notify/ics_json.h"
#include "notify/ics.h"

json_t *ics_event_json(const struct ics_event *e)
{
    return json_pack("{s:s, s:i, s:b, s:I, s:I, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?,"
                     " s:s?}",
                     "uid", e->uid, "sequence", e->sequence, "cancel", e->cancel, "start",
                     (json_int_t)e->start, "end", (json_int_t)e->end, "stamp",
                     (json_int_t)e->stamp, "summary", e->summary, "description", e->description,
                     "location", e->location, "url", e->url, "organizer_name",
                     e->organizer_name, "organizer_email", e->organizer_email,
                     "attendee_name", e->attendee_name, "attendee_email", e->attendee_email);
}

static const char *s(const json_t *j, const char *key)
{
    return json_string_value(json_object_get(j, key));
}

char *ics_build_json(const json_t *j)
{
    if (!json_is_object(j) || !s(j, "uid"))
        return NULL;
    struct ics_event e = {
        .uid = s(j, "uid"),
        .sequence = (int)json_integer_value(json_object_get(j, "sequence")),
        .cancel = json_is_true(json_object_get(j, "cancel")),
        .start = json_integer_value(json_object_get(j, "start")),
        .end = json_integer_value(json_object_get(j, "end")),
        .stamp = json_integer_value(json_object_get(j, "stamp")),
        .summary = s(j, "summary"),
        .description = s(j, "description"),
        .location = s(j, "location"),
        .url = s(j, "url"),
        .organizer_name = s(j, "organizer_name"),
        .organizer_email = s(j, "organizer_email"),
        .attendee_name = s(j, "attendee_name"),
        .attendee_email = s(j, "attendee_email"),
    };
    return ics_build(&e);
}

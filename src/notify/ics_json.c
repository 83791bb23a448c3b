/* Booking invites kept as JSON until the mail worker sends (see ics_json.h). */
#include "notify/ics_json.h"
#include "notify/ics.h"
#include "core/jw.h"

void ics_event_jw(const struct ics_event *e, struct jw *w, const char *key)
{
    jw_obj(w, key);
    jw_str(w, "attendee_email", e->attendee_email);
    jw_str(w, "attendee_name", e->attendee_name);
    jw_bool(w, "cancel", e->cancel);
    jw_str(w, "description", e->description);
    jw_int(w, "end", e->end);
    jw_str(w, "location", e->location);
    jw_str(w, "organizer_email", e->organizer_email);
    jw_str(w, "organizer_name", e->organizer_name);
    jw_int(w, "sequence", e->sequence);
    jw_int(w, "stamp", e->stamp);
    jw_int(w, "start", e->start);
    jw_str(w, "summary", e->summary);
    jw_str(w, "uid", e->uid);
    jw_str(w, "url", e->url);
    jw_end(w, '}');
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

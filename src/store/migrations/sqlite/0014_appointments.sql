-- Appointments (issue 16): per-service schedules, the staff who serve a
-- service, and bookings. Every booking is also a ticket (tickets.booking = 1)
-- so its timeline, notifications and rating come with it; the flag keeps
-- bookings out of SLA sweeps and lets reports leave them out, and it is what
-- the visibility rule (core/perm.c) keys on.

ALTER TABLE tickets ADD COLUMN booking INTEGER NOT NULL DEFAULT 0;

CREATE TABLE schedules (
    service_id        INTEGER PRIMARY KEY REFERENCES services(id),
    mode              TEXT NOT NULL CHECK (mode IN ('self_booking', 'staff_scheduled')),
    slot_minutes      INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 480),
    capacity_per_slot INTEGER NOT NULL DEFAULT 0 CHECK (capacity_per_slot BETWEEN 0 AND 1000),
    daily_quota       INTEGER NOT NULL DEFAULT 0 CHECK (daily_quota BETWEEN 0 AND 10000),
    meeting_url_base  TEXT,
    calendar_id       INTEGER REFERENCES calendars(id),
    form_fields       TEXT NOT NULL DEFAULT '[]',  -- JSON array, validated by core/form.c
    updated_at        INTEGER NOT NULL
) STRICT;

-- The agents (or admins) who serve a service: they see its bookings and run its queue.
CREATE TABLE service_staff (
    service_id INTEGER NOT NULL REFERENCES services(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (service_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX service_staff_user ON service_staff(user_id, service_id);

-- A place is held by a booking whose seat and day_seat are set: seat is the
-- booking's place inside its slot (1..slot capacity), day_seat its place in
-- the day's quota (1..quota). The unique indexes below make a second holder
-- of the same place impossible whatever the writers do; cancelling or
-- moving a booking clears (or moves) its places, which frees them.
CREATE TABLE bookings (
    id           INTEGER PRIMARY KEY,
    ticket_id    INTEGER NOT NULL UNIQUE REFERENCES tickets(id),
    service_id   INTEGER NOT NULL REFERENCES services(id),
    requester_id INTEGER NOT NULL REFERENCES users(id),
    day          TEXT NOT NULL,               -- local date YYYY-MM-DD of the service's calendar
    slot_start   INTEGER,                     -- unix seconds; NULL while requested
    queue_number INTEGER,
    estimated_at INTEGER,
    status       TEXT NOT NULL CHECK (status IN ('requested', 'booked', 'called', 'served',
                                                 'no_show', 'cancelled')),
    channel      TEXT NOT NULL DEFAULT 'web',
    seat         INTEGER,
    day_seat     INTEGER,
    meeting_url  TEXT,
    answers      TEXT NOT NULL DEFAULT '{}',  -- JSON, the form's ordinary answers
    sensitive    TEXT NOT NULL DEFAULT '{}',  -- JSON, sensitive answers: never searched or listed
    called_at    INTEGER,
    served_at    INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX bookings_slot_seat ON bookings(service_id, slot_start, seat)
    WHERE seat IS NOT NULL;
CREATE UNIQUE INDEX bookings_day_seat ON bookings(service_id, day, day_seat)
    WHERE day_seat IS NOT NULL;
CREATE UNIQUE INDEX bookings_queue ON bookings(service_id, day, queue_number)
    WHERE queue_number IS NOT NULL;
-- One person, one live booking per service and day (appointment.duplicate).
CREATE UNIQUE INDEX bookings_one_a_day ON bookings(service_id, day, requester_id)
    WHERE status <> 'cancelled';
CREATE INDEX bookings_requester ON bookings(requester_id, day);

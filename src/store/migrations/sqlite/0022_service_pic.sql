-- A named PIC (person in charge) per service (issue #21 item 6, seed 000:
-- master data of services, units and PICs; escalation to the service's
-- PIC). When a ticket of the service is escalated to the service's own
-- handling unit, the escalation notice goes to this person alone instead
-- of every agent of the unit (svc/notify.c). Who may be a PIC (an active
-- agent who sees such a ticket) is checked by svc/service_pic.c on every
-- write; a PIC who later leaves or is demoted is skipped at escalation time
-- and the unit is told as before.
ALTER TABLE services ADD COLUMN pic_user_id INTEGER REFERENCES users(id);

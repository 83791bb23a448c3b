-- Search words of a service (issue #20 item 12): what people type that the
-- name and description do not say ("wifi, hotspot, lan" for the network
-- service). The catalogue and every service picker match them with the
-- same folding as the name (web/js/search_fold.js); ?q= on /services
-- searches them too.
ALTER TABLE services ADD COLUMN keywords TEXT;

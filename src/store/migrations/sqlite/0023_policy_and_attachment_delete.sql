-- Issue #21 items 7 and 8 (seed 001: "who may re-assign, reopen or delete
-- attachments is set by role policy").
--
-- role_policy: the admins' grants of the policy rights (core/perm.h,
-- enum perm_right) per policy class (enum perm_class: admin, leader,
-- agent1, agent2, agent3, requester). A missing row means the built-in
-- default (perm_policy_default), so an empty table behaves as before; the
-- server installs the table into core/perm.c at start and after each edit.
CREATE TABLE role_policy (
    right      TEXT NOT NULL,
    class      TEXT NOT NULL,
    allowed    INTEGER NOT NULL CHECK (allowed IN (0, 1)),
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users(id),
    PRIMARY KEY (right, class)
) STRICT, WITHOUT ROWID;

-- Soft delete of an attachment: the row stays (audit, the timeline's
-- reference) and so does the file under DATA_DIR/attachments, so an admin
-- can still recover it from the data directory or a backup; lists and
-- downloads no longer show it (404).
ALTER TABLE attachments ADD COLUMN deleted_at INTEGER;
ALTER TABLE attachments ADD COLUMN deleted_by INTEGER REFERENCES users(id);
ALTER TABLE attachments ADD COLUMN delete_reason TEXT;

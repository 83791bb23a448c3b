-- Where an account signs in (issue #22 item 5): 'local' (Loket's own
-- password), 'ldap' (the office directory, svc/directory_login.c) or
-- 'oidc' (an OpenID Connect provider). A directory account keeps no local
-- password; external_id is the directory's stable name for it (the LDAP
-- entry's DN, an OIDC issuer's subject), unique per source, so a renamed
-- e-mail address still finds the same Loket user.
ALTER TABLE users ADD COLUMN auth_source TEXT NOT NULL DEFAULT 'local'
    CHECK (auth_source IN ('local', 'ldap', 'oidc'));
ALTER TABLE users ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX users_external ON users(auth_source, external_id)
    WHERE external_id IS NOT NULL;

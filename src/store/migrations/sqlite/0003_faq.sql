-- FAQ articles (Markdown, rendered once to safe HTML when saved), helpful
-- votes, and requesters' proposals reviewed by staff.

CREATE TABLE faq_articles (
    id           INTEGER PRIMARY KEY,
    category_id  INTEGER REFERENCES categories(id),
    question     TEXT NOT NULL,
    answer_md    TEXT NOT NULL,
    answer_html  TEXT NOT NULL,
    published    INTEGER NOT NULL DEFAULT 1,
    helpful_yes  INTEGER NOT NULL DEFAULT 0,
    helpful_no   INTEGER NOT NULL DEFAULT 0,
    created_by   INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX faq_articles_category ON faq_articles(category_id);

CREATE VIRTUAL TABLE faq_fts USING fts5(
    question, answer,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE faq_proposals (
    id            INTEGER PRIMARY KEY,
    proposer_id   INTEGER NOT NULL REFERENCES users(id),
    category_id   INTEGER REFERENCES categories(id),
    question      TEXT NOT NULL,
    answer_md     TEXT,
    status        TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'approved', 'rejected')),
    reject_reason TEXT,
    reviewed_by   INTEGER REFERENCES users(id),
    reviewed_at   INTEGER,
    article_id    INTEGER REFERENCES faq_articles(id),
    created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX faq_proposals_status ON faq_proposals(status, created_at);

/* The user guide (issue #21 item 10): docs/guide/panduan.md (Indonesian) and
** docs/guide/guide.md (English), embedded at build time by
** tools/embed_guide.py and served rendered by GET /api/v1/guide. */
#ifndef LOKET_API_GUIDE_H
#define LOKET_API_GUIDE_H

struct req;

struct guide_doc {
    const char *lang;     /* "id" or "en" */
    const char *markdown; /* the file as written */
};

/* The embedded guides, ending with a {0} entry (generated). */
extern const struct guide_doc guide_docs[];

/* GET /api/v1/guide?lang=id|en (default id): {"lang", "html"}; 400 for
** another language; 500 if the Markdown cannot be rendered. Open to
** everyone, signed in or not: the guide holds nothing private. */
int api_guide_get(struct req *rq);

#endif

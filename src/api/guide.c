/* GET /api/v1/guide: the user guide rendered from the Markdown in docs/guide/
** (embedded at build time), so the web app's "Bantuan" page and the file in
** the repository cannot drift apart. Rendering goes through the same safe
** md4c wrapper as FAQ answers (raw HTML escaped). */
#include "api/guide.h"
#include "api/api.h"
#include "core/markdown.h"
#include "http/reply.h"

#include <string.h>

int api_guide_get(struct req *rq)
{
    const char *lang = req_query(rq, "lang");
    if (!lang || !*lang)
        lang = "id";
    const struct guide_doc *doc = NULL;
    for (const struct guide_doc *d = guide_docs; d->lang; d++)
        if (!strcmp(d->lang, lang))
            doc = d;
    if (!doc)
        return reply_error(rq, ERR_INVALID, "validation", "lang harus id atau en",
                           "lang must be id or en");
    const char *html = markdown_to_html(rq->arena, doc->markdown);
    if (!html)
        return reply_error(rq, ERR_INTERNAL, "internal", "panduan tidak dapat diolah",
                           "the guide could not be rendered");
    return reply_json(rq, 200, json_pack("{s:s, s:s}", "lang", doc->lang, "html", html));
}

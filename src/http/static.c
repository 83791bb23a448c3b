/* Static files. Paths are checked segment by segment (no "..", no hidden
** files) before touching the file system; responses stream from the fd. */
#include "http/static.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/mhd.h"
#include "http/reply.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *static_content_type(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".ico", "image/x-icon"},
        {".webp", "image/webp"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
    };
    const char *dot = strrchr(name, '.');
    if (dot)
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcasecmp(dot, types[i].ext) == 0)
                return types[i].type;
    return "application/octet-stream";
}

static bool safe_path(const char *p)
{
    if (p[0] != '/' || strlen(p) > 512)
        return false;
    for (const char *s = p; *s; s++) {
        if (*s == '\\' || (unsigned char)*s < 0x20)
            return false;
        if (s[0] == '/' && s[1] == '.') /* "..", ".git", hidden files */
            return false;
    }
    return true;
}

int static_serve(struct req *rq)
{
    if (rq->method != M_GET && rq->method != M_HEAD)
        return reply_error(rq, ERR_METHOD, "method_not_allowed", "metode tidak diizinkan",
                           "method not allowed");
    const char *path = rq->path;
    if (!safe_path(path))
        return reply_error(rq, ERR_NOT_FOUND, "not_found", "berkas tidak ditemukan",
                           "file not found");
    if (strcmp(path, "/") == 0)
        path = "/index.html";
    const char *full = arena_printf(rq->arena, "%s%s", rq->app->cfg->web_dir, path);
    int fd = open(full, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return reply_error(rq, ERR_NOT_FOUND, "not_found", "berkas tidak ditemukan",
                           "file not found");
    }
    char etag[64];
    snprintf(etag, sizeof etag, "\"%llx-%llx\"", (unsigned long long)st.st_mtime,
             (unsigned long long)st.st_size);
    const char *inm = req_header(rq, "If-None-Match");
    struct MHD_Response *resp;
    unsigned status = 200;
    if (inm && strcmp(inm, etag) == 0) {
        close(fd);
        resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        status = 304;
    } else {
        resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
        rq->resp_bytes = (size_t)st.st_size;
    }
    if (!resp) {
        if (status == 200)
            close(fd);
        return reply_error(rq, ERR_INTERNAL, "internal", "kesalahan internal", "internal error");
    }
    const char *type = static_content_type(path);
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "ETag", etag);
    /* HTML revalidates every time so a new release shows at once; assets
    ** revalidate hourly by ETag. */
    MHD_add_response_header(resp, "Cache-Control", strncmp(type, "text/html", 9) == 0
                                                       ? "no-cache"
                                                       : "public, max-age=3600");
    return reply_queue(rq, status, resp, false);
}

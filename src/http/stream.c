/* Open-ended responses (http/stream.h): libmicrohttpd's content reader,
** with the connection suspended from inside it when there is nothing to
** send (allowed there by libmicrohttpd's documentation) and resumed by the
** producer. A reader that returned 0 without suspending would be called
** again at once by the polling thread: a busy loop. */
#include "http/stream.h"
#include "http/mhd.h"
#include "http/reply.h"

#include <stdlib.h>

struct stream {
    stream_read_fn *read;
    void (*done)(void *cls);
    void *cls;
};

static ssize_t reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    struct stream *s = cls;
    long n = s->read(s->cls, buf, max);
    if (n < 0)
        return MHD_CONTENT_READER_END_OF_STREAM;
    return (ssize_t)n;
}

static void release(void *cls)
{
    struct stream *s = cls;
    s->done(s->cls);
    free(s);
}

int reply_stream(struct req *rq, const char *content_type, stream_read_fn *read,
                 void (*done)(void *cls), void *cls)
{
    struct stream *s = malloc(sizeof *s);
    if (!s) {
        done(cls);
        return ERR_INTERNAL;
    }
    *s = (struct stream){read, done, cls};
    /* 4 KB blocks: a few events each; well inside the connection's 32 KB */
    struct MHD_Response *resp =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, reader, s, release);
    if (!resp) {
        release(s);
        return ERR_INTERNAL;
    }
    MHD_add_response_header(resp, "Content-Type", content_type);
    /* a proxy (nginx) must pass each event on as it comes */
    MHD_add_response_header(resp, "X-Accel-Buffering", "no");
    return reply_queue(rq, 200, resp, true);
}

void *req_stream_handle(struct req *rq)
{
    return rq->conn;
}

void stream_park(void *h)
{
    MHD_suspend_connection(h);
}

void stream_wake(void *h)
{
    MHD_resume_connection(h);
}

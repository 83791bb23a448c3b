/* Thread helpers (see thread.h). */
#include "core/thread.h"

#include <sys/resource.h>
#include <unistd.h>

enum { BACKGROUND_NICE = 10 };

void thread_background(void)
{
    /* best effort: an unprivileged thread may always lower its priority */
    (void)setpriority(PRIO_PROCESS, (id_t)gettid(), BACKGROUND_NICE);
}

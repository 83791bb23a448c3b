/* Thread helpers. */
#ifndef LOKET_THREAD_H
#define LOKET_THREAD_H

/* Lowers the calling thread's scheduling priority (Linux nice, per thread)
** for background work that may lag under load: the search indexer and the
** checkpointer. Requests, the group-commit writer and the resumer keep the
** default priority, so the CPU goes to the path a waiting client is on. */
void thread_background(void);

#endif

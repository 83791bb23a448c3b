/* libmicrohttpd include and version differences in one place (Janus keeps
** the int → enum MHD_Result change of 0.9.71 in a compat header too). */
#ifndef LOKET_MHD_H
#define LOKET_MHD_H

#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <stdarg.h>
#include <stdint.h>
#include <microhttpd.h>

#if MHD_VERSION < 0x00097002
typedef int MHD_RESULT;
#else
typedef enum MHD_Result MHD_RESULT;
#endif

#endif

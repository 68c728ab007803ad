// Linux calls Swift's Glibc module does not expose: epoll (not in SwiftGlibc.h) and two
// _GNU_SOURCE functions. The latter are declared under new names bound to the libc symbols
// with asm labels, so they cannot clash with a module built with _GNU_SOURCE.
#ifndef CHTTPSERVERSHIMS_H
#define CHTTPSERVERSHIMS_H

#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <stddef.h>

extern int chttp_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) __asm__("accept4");
extern int chttp_sched_getaffinity(pid_t pid, size_t size, void *mask) __asm__("sched_getaffinity");

#endif

// Linux calls Swift's Glibc module does not expose: epoll (not in SwiftGlibc.h) and a few
// glibc/_GNU_SOURCE functions. The latter are declared under new names bound to the libc symbols
// with asm labels, so they cannot clash with a module built with _GNU_SOURCE.
#ifndef CHTTPSERVERSHIMS_H
#define CHTTPSERVERSHIMS_H

#include <linux/filter.h>
#include <spawn.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <stddef.h>

extern int chttp_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) __asm__("accept4");
extern int chttp_dup3(int oldfd, int newfd, int flags) __asm__("dup3");
// Returns freed heap memory to the kernel after a burst of connections (glibc).
extern int chttp_malloc_trim(size_t pad) __asm__("malloc_trim");
// Names an event loop's thread (seen in top -H, perf and core dumps).
extern int chttp_pthread_setname_np(pthread_t thread, const char *name) __asm__("pthread_setname_np");
extern int chttp_sched_getaffinity(pid_t pid, size_t size, void *mask) __asm__("sched_getaffinity");

// For tests that spawn a child with only stdio inherited (glibc >= 2.34).
extern int chttp_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int from)
    __asm__("posix_spawn_file_actions_addclosefrom_np");

// Makes a listening TCP socket drop new connection attempts (a SYN without ACK) while the
// handshakes already under way still complete: a classic BPF socket filter, run on each
// segment with the TCP header at offset 0 (byte 13 holds the flags). Dropped clients retry
// their SYN later and then meet the closed port (connection refused), never a reset after
// connecting. Returns setsockopt's result.
static inline int chttp_refuse_new_connections(int fd) {
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 13),
        BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0x12),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x02, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, 0),
        BPF_STMT(BPF_RET | BPF_K, 0xFFFFFFFF),
    };
    struct sock_fprog program = { .len = sizeof(code) / sizeof(code[0]), .filter = code };
    return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof(program));
}

#endif

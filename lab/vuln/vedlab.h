/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vedlab: ioctl interface of ved's deliberately vulnerable test driver.
 *
 * NEVER load vedlab.ko outside the guest test bed: any local user can turn
 * its bugs into root.  The interface looks like an ordinary "notes" driver;
 * the bugs are in how it checks lengths, not in what it offers.
 */
#ifndef _VEDLAB_H
#define _VEDLAB_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define VEDLAB_DEV		"/dev/vedlab"
#define VEDLAB_NOTES		8
#define VEDLAB_TITLE_LEN	48
#define VEDLAB_BODY_LEN		256
#define VEDLAB_MSG_LEN		64

/* One request shape for every command. */
struct vedlab_req {
	__u32 index;	/* note index (notes commands) */
	__u32 offset;	/* byte offset inside the title or body */
	__u32 len;	/* bytes to copy */
	__u32 pad;
	__u64 buf;	/* user buffer */
};

/*
 * Messages: a 64-byte message is parsed on the kernel stack.
 *   MSG_SEND copies @len bytes from @buf into the stack buffer (bug: @len is
 *   only checked against a 4 KiB "protocol maximum": stack overflow).
 *   MSG_PEEK copies @len bytes of the stack buffer back (same check: leaks
 *   the stack canary and return addresses).
 */
#define VEDLAB_MSG_SEND		_IOW('V', 1, struct vedlab_req)
#define VEDLAB_MSG_PEEK		_IOWR('V', 2, struct vedlab_req)

/*
 * Notes: a note has a title held inline and a kmalloc'ed body.
 *   NOTE_SET_TITLE / NOTE_GET_TITLE: @offset is checked against the title
 *   size, @len is checked against the title size, but @offset + @len is not
 *   (bug: out-of-bounds write and read past the title, into the note's body
 *   pointer, body length and release callback).
 *   NOTE_WRITE_BODY / NOTE_READ_BODY: bounded by the note's body length,
 *   through the (corruptible) body pointer.
 */
#define VEDLAB_NOTE_SET_TITLE	_IOW('V', 3, struct vedlab_req)
#define VEDLAB_NOTE_GET_TITLE	_IOWR('V', 4, struct vedlab_req)
#define VEDLAB_NOTE_WRITE_BODY	_IOW('V', 5, struct vedlab_req)
#define VEDLAB_NOTE_READ_BODY	_IOWR('V', 6, struct vedlab_req)

#endif /* _VEDLAB_H */

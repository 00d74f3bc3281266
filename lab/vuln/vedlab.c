// SPDX-License-Identifier: GPL-2.0
/*
 * vedlab - ved's deliberately vulnerable driver, for the exploit lab only.
 *
 * It pretends to be a small "notes and messages" service on /dev/vedlab,
 * open to every local user, and carries three classic bugs:
 *
 *  - vedlab_msg(): a length checked against the protocol maximum instead of
 *    the stack buffer, so MSG_SEND overflows the kernel stack and MSG_PEEK
 *    reads past it (canary, saved registers, return addresses);
 *  - note titles: offset and length are each checked, their sum is not, so a
 *    title write or read reaches the note's body pointer, body length and
 *    release callback that follow the title (out-of-bounds write and read);
 *  - note bodies are then accessed through the corrupted body pointer,
 *    which turns the out-of-bounds write into an arbitrary kernel write and
 *    read.
 *
 * Bugs are in length checks only; no command does an attacker's work.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "vedlab.h"

#define VEDLAB_MSG_MAX	4096	/* the "protocol" limit the buggy check uses */

struct vedlab_note {
	char title[VEDLAB_TITLE_LEN];
	char *body;
	size_t body_len;
	void (*release)(const void *objp);
};

static struct vedlab_note notes[VEDLAB_NOTES];
/* The bodies we allocated: an exploit may have redirected notes[i].body. */
static char *bodies[VEDLAB_NOTES];
static DEFINE_MUTEX(notes_lock);
static u32 msg_checksum;

/* Parse one message on the stack; the only check is the protocol limit. */
static noinline int vedlab_msg(struct vedlab_req *req, bool send)
{
	char msg[VEDLAB_MSG_LEN];
	void __user *ubuf = u64_to_user_ptr(req->buf);
	char *staging;
	u32 i, sum = 0;
	int ret = 0;

	if (req->len > VEDLAB_MSG_MAX)
		return -EINVAL;
	staging = kzalloc(req->len + 1, GFP_KERNEL);
	if (!staging)
		return -ENOMEM;

	if (send) {
		if (copy_from_user(staging, ubuf, req->len)) {
			ret = -EFAULT;
			goto out;
		}
		for (i = 0; i < req->len; i++)	/* BUG: overflows msg */
			msg[i] = staging[i];
		for (i = 0; i < VEDLAB_MSG_LEN; i++)
			sum += (u8)msg[i];
		WRITE_ONCE(msg_checksum, sum);
	} else {
		for (i = 0; i < req->len; i++)	/* BUG: reads past msg */
			staging[i] = msg[i];
		if (copy_to_user(ubuf, staging, req->len))
			ret = -EFAULT;
	}
out:
	kfree(staging);
	return ret;
}

static struct vedlab_note *note_get(u32 index)
{
	if (index >= VEDLAB_NOTES)
		return NULL;
	return &notes[array_index_nospec(index, VEDLAB_NOTES)];
}

static int vedlab_title(struct vedlab_req *req, bool set)
{
	struct vedlab_note *note = note_get(req->index);
	void __user *ubuf = u64_to_user_ptr(req->buf);
	char *where;

	if (!note)
		return -EINVAL;
	/* BUG: offset and length are checked, offset + length is not. */
	if (req->offset >= VEDLAB_TITLE_LEN || req->len > VEDLAB_TITLE_LEN)
		return -EINVAL;
	where = (char *)note + req->offset;
	if (set)
		return copy_from_user(where, ubuf, req->len) ? -EFAULT : 0;
	return copy_to_user(ubuf, where, req->len) ? -EFAULT : 0;
}

static int vedlab_body(struct vedlab_req *req, bool write)
{
	struct vedlab_note *note = note_get(req->index);
	void __user *ubuf = u64_to_user_ptr(req->buf);
	char staging[VEDLAB_BODY_LEN];

	if (!note || req->len > sizeof(staging))
		return -EINVAL;
	if (req->offset > note->body_len || req->len > note->body_len - req->offset)
		return -EINVAL;
	if (write) {
		if (copy_from_user(staging, ubuf, req->len))
			return -EFAULT;
		memcpy(note->body + req->offset, staging, req->len);
		return 0;
	}
	memcpy(staging, note->body + req->offset, req->len);
	return copy_to_user(ubuf, staging, req->len) ? -EFAULT : 0;
}

static long vedlab_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct vedlab_req req;
	long ret;

	if (copy_from_user(&req, (void __user *)arg, sizeof(req)))
		return -EFAULT;

	switch (cmd) {
	case VEDLAB_MSG_SEND:
		return vedlab_msg(&req, true);
	case VEDLAB_MSG_PEEK:
		return vedlab_msg(&req, false);
	}

	mutex_lock(&notes_lock);
	switch (cmd) {
	case VEDLAB_NOTE_SET_TITLE:
		ret = vedlab_title(&req, true);
		break;
	case VEDLAB_NOTE_GET_TITLE:
		ret = vedlab_title(&req, false);
		break;
	case VEDLAB_NOTE_WRITE_BODY:
		ret = vedlab_body(&req, true);
		break;
	case VEDLAB_NOTE_READ_BODY:
		ret = vedlab_body(&req, false);
		break;
	default:
		ret = -ENOTTY;
	}
	mutex_unlock(&notes_lock);
	return ret;
}

static const struct file_operations vedlab_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= vedlab_ioctl,
	.compat_ioctl	= vedlab_ioctl,
};

static struct miscdevice vedlab_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "vedlab",
	.fops	= &vedlab_fops,
	.mode	= 0666,
};

static void vedlab_free_bodies(void)
{
	int i;

	for (i = 0; i < VEDLAB_NOTES; i++)
		kfree(bodies[i]);
}

static int __init vedlab_init(void)
{
	int i, ret;

	for (i = 0; i < VEDLAB_NOTES; i++) {
		bodies[i] = kzalloc(VEDLAB_BODY_LEN, GFP_KERNEL);
		if (!bodies[i]) {
			vedlab_free_bodies();
			return -ENOMEM;
		}
		notes[i].body = bodies[i];
		notes[i].body_len = VEDLAB_BODY_LEN;
		notes[i].release = kfree;
		snprintf(notes[i].title, sizeof(notes[i].title), "note %d", i);
	}
	ret = misc_register(&vedlab_misc);
	if (ret)
		vedlab_free_bodies();
	else
		pr_warn("vedlab: VULNERABLE TEST DRIVER loaded; for ved's exploit lab only\n");
	return ret;
}

static void __exit vedlab_exit(void)
{
	misc_deregister(&vedlab_misc);
	vedlab_free_bodies();
}

module_init(vedlab_init);
module_exit(vedlab_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ved exploit lab: deliberately vulnerable driver (test only)");

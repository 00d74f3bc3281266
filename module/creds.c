// SPDX-License-Identifier: GPL-2.0
/*
 * Privilege-escalation detection with shadow credentials.
 *
 * ved keeps, for every user task, a shadow of its identity: ids, capability
 * sets, securebits, user namespace, cred pointers, namespace pointers,
 * seccomp state and no_new_privs.  The shadow moves only through the
 * kernel's own transition points, and each transition is *judged*, not
 * bracketed:
 *
 *  - commit_creds(new): a transition that gains privilege (an id the task
 *    did not hold, a capability outside its permitted set, a bounding-set
 *    bit back, a user namespace that is not its own or a descendant) must be
 *    justified by the system call the task is in: execve may raise the
 *    effective ids and capabilities but never the real ids; set*id needs
 *    CAP_SETUID/CAP_SETGID in the old credentials; unshare/clone/setns may
 *    enter a descendant user namespace; anything else may gain nothing.
 *    A commit inside, say, ioctl() that hands out uid 0 is an exploit.
 *  - override_creds()/revert_creds(): tracked, so a subjective cred that
 *    differs from the real one is legitimate exactly while an override is
 *    in place (overlayfs, access(), nfsd, ...), without switching checks off.
 *  - switch_task_namespaces(): only for the caller itself, from unshare,
 *    setns or execve, or at exit.
 *  - seccomp and no_new_privs only ever tighten.
 *
 * The shadow is compared with the real task at checkpoints an escalated
 * task must pass to use its power (exec, open, set*id, module load, kill,
 * ptrace, commit_creds) and by a periodic sweep over all tasks.  In block
 * mode the checkpoint fails with -EPERM, the unjustified transition does not
 * happen, and the task is killed before it returns to user space.
 */
#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/kprobes.h>
#include <linux/nsproxy.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/seccomp.h>
#include <linux/securebits.h>
#include <linux/slab.h>
#include <linux/user_namespace.h>
#include <linux/workqueue.h>
#include <asm/unistd.h>
#include <asm/unistd_32_ia32.h>

#include "compat.h"
#include "ved.h"

struct identity {
	kuid_t uid, euid, suid, fsuid;
	kgid_t gid, egid, sgid, fsgid;
	unsigned int securebits;
	u64 cap_inh, cap_prm, cap_eff, cap_bset, cap_amb;
	struct user_namespace *user_ns;
};

struct ns_view {
	struct nsproxy *proxy;
	void *mnt, *pid, *net, *uts, *ipc, *cgroup;
};

struct shadow {
	struct hlist_node node;
	struct rcu_head rcu;
	struct task_struct *task;
	raw_spinlock_t lock;
	const struct cred *real_cred;	/* the committed credentials */
	struct identity id;
	const struct cred *pend_cred;	/* judged commit not yet visible */
	struct identity pend_id;
	const struct cred *override;	/* subjective cred of an active override */
	int override_depth;
	/*
	 * The subjective cred a commit/override/revert of the task is
	 * replacing right now: the sweep, looking at the task from another
	 * CPU, may see it between the judged call and its pointer stores.
	 */
	const struct cred *transit;
	struct ns_view ns, pend_ns;
	bool ns_pending;
	int seccomp_mode;
	void *seccomp_filter;
	bool nnp;
};

#define SHADOW_BITS 12
static DEFINE_HASHTABLE(shadows, SHADOW_BITS);
static DEFINE_RAW_SPINLOCK(shadows_lock);	/* writers of the table */
static struct kmem_cache *shadow_cache;
static struct delayed_work sweep_work;
static atomic64_t shadow_alloc_failures;

/* ---- snapshots ---- */

static void identity_of(const struct cred *c, struct identity *id)
{
	memset(id, 0, sizeof(*id));	/* padding too: identity_same() compares bytes */
	id->uid = c->uid;
	id->euid = c->euid;
	id->suid = c->suid;
	id->fsuid = c->fsuid;
	id->gid = c->gid;
	id->egid = c->egid;
	id->sgid = c->sgid;
	id->fsgid = c->fsgid;
	id->securebits = c->securebits;
	id->cap_inh = ved_cap_bits(c->cap_inheritable);
	id->cap_prm = ved_cap_bits(c->cap_permitted);
	id->cap_eff = ved_cap_bits(c->cap_effective);
	id->cap_bset = ved_cap_bits(c->cap_bset);
	id->cap_amb = ved_cap_bits(c->cap_ambient);
	id->user_ns = c->user_ns;
}

static void ns_view_of(struct nsproxy *p, struct ns_view *v)
{
	memset(v, 0, sizeof(*v));
	v->proxy = p;
	if (!p)
		return;
	v->mnt = p->mnt_ns;
	v->pid = p->pid_ns_for_children;
	v->net = p->net_ns;
	v->uts = p->uts_ns;
	v->ipc = p->ipc_ns;
	v->cgroup = p->cgroup_ns;
}

/* Caller holds rcu_read_lock() or @t is current. */
static void shadow_fill(struct shadow *s, struct task_struct *t)
{
	const struct cred *real = rcu_dereference(t->real_cred);

	s->task = t;
	s->real_cred = real;
	identity_of(real, &s->id);
	s->pend_cred = NULL;
	s->override = NULL;
	s->override_depth = 0;
	s->transit = NULL;
	/* A task caught inside an override at load time keeps it legitimate. */
	if (rcu_access_pointer(t->cred) != real) {
		s->override = rcu_dereference(t->cred);
		s->override_depth = 1;
	}
	ns_view_of(t->nsproxy, &s->ns);
	s->ns_pending = false;
	s->seccomp_mode = t->seccomp.mode;
	s->seccomp_filter = t->seccomp.filter;
	s->nnp = task_no_new_privs(t);
}

static struct shadow *shadow_find(struct task_struct *t)
{
	struct shadow *s;

	hash_for_each_possible_rcu(shadows, s, node, (unsigned long)t)
		if (s->task == t)
			return s;
	return NULL;
}

/*
 * The shadow of @t, locked (and RCU held) for an update from a probe, or
 * NULL (nothing held) for an untracked task.  shadow_unlock() releases both.
 */
static struct shadow *shadow_lock(struct task_struct *t, unsigned long *flags)
{
	struct shadow *s;

	rcu_read_lock();
	s = shadow_find(t);
	if (s)
		raw_spin_lock_irqsave(&s->lock, *flags);
	else
		rcu_read_unlock();
	return s;
}

static void shadow_unlock(struct shadow *s, unsigned long flags)
{
	raw_spin_unlock_irqrestore(&s->lock, flags);
	rcu_read_unlock();
}

static void shadow_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(shadow_cache, container_of(head, struct shadow, rcu));
}

/* (Re)start the shadow of a new task; replaces a stale one for a reused pointer. */
static void shadow_track(struct task_struct *t)
{
	struct shadow *s, *old;
	unsigned long flags;

	s = kmem_cache_zalloc(shadow_cache, GFP_ATOMIC);
	if (!s) {
		atomic64_inc(&shadow_alloc_failures);
		return;
	}
	raw_spin_lock_init(&s->lock);
	rcu_read_lock();
	shadow_fill(s, t);
	rcu_read_unlock();
	raw_spin_lock_irqsave(&shadows_lock, flags);
	old = shadow_find(t);
	if (old)
		hash_del_rcu(&old->node);
	hash_add_rcu(shadows, &s->node, (unsigned long)t);
	raw_spin_unlock_irqrestore(&shadows_lock, flags);
	if (old)
		call_rcu(&old->rcu, shadow_free_rcu);
}

static void shadow_forget(struct task_struct *t)
{
	struct shadow *s;
	unsigned long flags;

	raw_spin_lock_irqsave(&shadows_lock, flags);
	s = shadow_find(t);
	if (s)
		hash_del_rcu(&s->node);
	raw_spin_unlock_irqrestore(&shadows_lock, flags);
	if (s)
		call_rcu(&s->rcu, shadow_free_rcu);
}

/* ---- comparing a task with its shadow ---- */

struct changes {
	int n;
	struct ved_cred_change c[VED_CRED_MAX_CHANGES];
};

static void note(struct changes *ch, enum ved_cred_field f, u64 old, u64 new)
{
	if (old == new || ch->n >= VED_CRED_MAX_CHANGES)
		return;
	ch->c[ch->n].field = f;
	ch->c[ch->n].reserved = 0;
	ch->c[ch->n].old_value = old;
	ch->c[ch->n].new_value = new;
	ch->n++;
}

static u64 uidn(kuid_t u)
{
	return from_kuid_munged(&init_user_ns, u);
}

static u64 gidn(kgid_t g)
{
	return from_kgid_munged(&init_user_ns, g);
}

static void identity_diff(const struct identity *a, const struct identity *b,
			  struct changes *ch)
{
	note(ch, VED_CRED_UID, uidn(a->uid), uidn(b->uid));
	note(ch, VED_CRED_EUID, uidn(a->euid), uidn(b->euid));
	note(ch, VED_CRED_SUID, uidn(a->suid), uidn(b->suid));
	note(ch, VED_CRED_FSUID, uidn(a->fsuid), uidn(b->fsuid));
	note(ch, VED_CRED_GID, gidn(a->gid), gidn(b->gid));
	note(ch, VED_CRED_EGID, gidn(a->egid), gidn(b->egid));
	note(ch, VED_CRED_SGID, gidn(a->sgid), gidn(b->sgid));
	note(ch, VED_CRED_FSGID, gidn(a->fsgid), gidn(b->fsgid));
	note(ch, VED_CRED_SECUREBITS, a->securebits, b->securebits);
	note(ch, VED_CRED_CAP_EFFECTIVE, a->cap_eff, b->cap_eff);
	note(ch, VED_CRED_CAP_PERMITTED, a->cap_prm, b->cap_prm);
	note(ch, VED_CRED_CAP_INHERITABLE, a->cap_inh, b->cap_inh);
	note(ch, VED_CRED_CAP_BSET, a->cap_bset, b->cap_bset);
	note(ch, VED_CRED_CAP_AMBIENT, a->cap_amb, b->cap_amb);
	note(ch, VED_CRED_USER_NS, (unsigned long)a->user_ns, (unsigned long)b->user_ns);
}

/*
 * The hot path: checkpoints (every open, exec, ...) compare raw snapshots
 * and only name the differing fields (ids mapped for the event) when there
 * are some.  Both snapshots come from identity_of(), padding zeroed.
 */
static bool identity_same(const struct identity *a, const struct identity *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static void ns_diff(const struct ns_view *a, const struct ns_view *b, struct changes *ch)
{
	note(ch, VED_CRED_NSPROXY, (unsigned long)a->proxy, (unsigned long)b->proxy);
	note(ch, VED_CRED_NS_MNT, (unsigned long)a->mnt, (unsigned long)b->mnt);
	note(ch, VED_CRED_NS_PID, (unsigned long)a->pid, (unsigned long)b->pid);
	note(ch, VED_CRED_NS_NET, (unsigned long)a->net, (unsigned long)b->net);
	note(ch, VED_CRED_NS_UTS, (unsigned long)a->uts, (unsigned long)b->uts);
	note(ch, VED_CRED_NS_IPC, (unsigned long)a->ipc, (unsigned long)b->ipc);
	note(ch, VED_CRED_NS_CGROUP, (unsigned long)a->cgroup, (unsigned long)b->cgroup);
}

static bool ns_equal(const struct ns_view *a, const struct ns_view *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/*
 * Compare @t with its shadow @s (s->lock held, RCU read side), promoting
 * judged transitions that have become visible.  Differences go to @ch.
 * @ns is @t's namespace view, read by the caller (under task_lock() when
 * @t is not current).  @remote: @t is another task (the sweep), which may
 * be caught between a judged call and the pointer stores that complete it.
 */
static void shadow_compare(struct shadow *s, struct task_struct *t,
			   const struct ns_view *ns, bool remote, struct changes *ch)
{
	const struct cred *real = rcu_dereference(t->real_cred);
	const struct cred *subj = rcu_dereference(t->cred);
	struct identity now;
	bool exiting = t->flags & PF_EXITING;

	/*
	 * A commit seen half done from another CPU: real_cred read before
	 * the judged commit stored both pointers, cred after.  The next look
	 * sees it whole; the pointers are the judged ones.
	 */
	if (remote && s->pend_cred && real == s->real_cred && subj == s->pend_cred)
		return;
	identity_of(real, &now);
	if (s->pend_cred && real == s->pend_cred && identity_same(&now, &s->pend_id)) {
		s->real_cred = real;
		s->id = s->pend_id;
		s->pend_cred = NULL;
	}
	if (real != s->real_cred)
		note(ch, VED_CRED_REAL_CRED_PTR, (unsigned long)s->real_cred, (unsigned long)real);
	if (!identity_same(&s->id, &now))
		identity_diff(&s->id, &now, ch);

	if (subj != real && !(s->override_depth > 0 && subj == s->override) &&
	    !(remote && subj == s->transit)) {
		struct identity subj_id;

		note(ch, VED_CRED_CRED_PTR, (unsigned long)real, (unsigned long)subj);
		identity_of(subj, &subj_id);
		identity_diff(&s->id, &subj_id, ch);
	}
	/* The transition that replaced @transit is complete once it is gone. */
	if (subj != s->transit)
		s->transit = NULL;

	if (s->ns_pending && ns_equal(ns, &s->pend_ns)) {
		s->ns = s->pend_ns;
		s->ns_pending = false;
	}
	/* A task on its way out drops its namespaces: not an escalation. */
	if ((ns->proxy || !exiting) && !ns_equal(&s->ns, ns))
		ns_diff(&s->ns, ns, ch);

	/*
	 * seccomp and no_new_privs only ever tighten.  A task on its way out
	 * (never again in user space) has its filter released at reaping.
	 */
	if (exiting)
		return;
	if (t->seccomp.mode < s->seccomp_mode ||
	    (s->seccomp_filter && !t->seccomp.filter)) {
		note(ch, VED_CRED_SECCOMP_MODE, s->seccomp_mode, t->seccomp.mode);
		note(ch, VED_CRED_SECCOMP_FILTER, (unsigned long)s->seccomp_filter,
		     (unsigned long)t->seccomp.filter);
	} else {
		s->seccomp_mode = t->seccomp.mode;
		s->seccomp_filter = t->seccomp.filter;
	}
	if (s->nnp && !task_no_new_privs(t))
		note(ch, VED_CRED_NO_NEW_PRIVS, 1, 0);
	else
		s->nnp = task_no_new_privs(t);
}

/* ---- reporting ---- */

static void report(struct task_struct *t, enum ved_cred_where where,
		   enum ved_checkpoint cp, struct changes *ch, enum ved_action act)
{
	struct {
		struct ved_event_header hdr;
		struct ved_ev_cred cred;
	} rec = {};

	rec.cred.where = where;
	rec.cred.checkpoint = cp;
	rec.cred.syscall = task_syscall(current);
	rec.cred.target_pid = task_pid_nr(t);
	rec.cred.nr_changes = ch->n;
	memcpy(rec.cred.changes, ch->c, sizeof(ch->c[0]) * ch->n);
	event_emit_task(&rec.hdr, sizeof(rec), VED_EV_CRED_CHANGE, VED_DET_CREDS,
			act, VED_SEV_CRITICAL, t);
}

static const char *const where_names[] = {
	[VED_CRED_AT_COMMIT] = "unjustified commit_creds",
	[VED_CRED_AT_NS_SWITCH] = "unjustified namespace switch",
	[VED_CRED_AT_CHECKPOINT] = "credentials changed outside legitimate paths",
	[VED_CRED_AT_SWEEP] = "credentials changed outside legitimate paths (sweep)",
};

/* Respond, report, and tell the caller whether to refuse the operation. */
static bool detected(struct task_struct *t, enum ved_cred_where where,
		     enum ved_checkpoint cp, struct changes *ch)
{
	char what[128];
	enum ved_action act;

	snprintf(what, sizeof(what), "%s: field %u %llu -> %llu (%d changes)",
		 where_names[where], ch->c[0].field, ch->c[0].old_value,
		 ch->c[0].new_value, ch->n);
	act = respond(VED_DET_CREDS, t, what);
	if (act == VED_ACT_NONE)
		return false;
	report(t, where, cp, ch, act);
	respond_finish(act, what);
	return act == VED_ACT_BLOCK;
}

/* Compare current with its shadow at checkpoint @cp; true: refuse. */
static bool check_current(enum ved_checkpoint cp)
{
	struct changes ch = { 0 };
	struct ns_view ns;
	struct shadow *s;
	unsigned long flags;

	if (current->flags & PF_KTHREAD || detector_mode(VED_DET_CREDS) == VED_MODE_OFF)
		return false;
	/* Only current itself changes its nsproxy (or frees it, at exit). */
	ns_view_of(current->nsproxy, &ns);
	s = shadow_lock(current, &flags);
	if (s) {
		shadow_compare(s, current, &ns, false, &ch);
		shadow_unlock(s, flags);
	}
	if (!s) {
		shadow_track(current);	/* missed at fork (allocation failure) */
		return false;
	}
	return ch.n && detected(current, VED_CRED_AT_CHECKPOINT, cp, &ch);
}

/* ---- judging transitions ---- */

enum ctx { CTX_OTHER, CTX_EXEC, CTX_SETID, CTX_CAPSET, CTX_PRCTL, CTX_NEWNS };

static enum ctx syscall_context(void)
{
	int nr = task_syscall(current);

	if (in_ia32_syscall()) {
		switch (nr) {
		case __NR_ia32_execve: case __NR_ia32_execveat:
			return CTX_EXEC;
		case __NR_ia32_setuid: case __NR_ia32_setuid32: case __NR_ia32_setgid:
		case __NR_ia32_setgid32: case __NR_ia32_setreuid: case __NR_ia32_setreuid32:
		case __NR_ia32_setregid: case __NR_ia32_setregid32: case __NR_ia32_setresuid:
		case __NR_ia32_setresuid32: case __NR_ia32_setresgid: case __NR_ia32_setresgid32:
		case __NR_ia32_setfsuid: case __NR_ia32_setfsuid32: case __NR_ia32_setfsgid:
		case __NR_ia32_setfsgid32: case __NR_ia32_setgroups: case __NR_ia32_setgroups32:
			return CTX_SETID;
		case __NR_ia32_capset:
			return CTX_CAPSET;
		case __NR_ia32_prctl:
			return CTX_PRCTL;
		case __NR_ia32_unshare: case __NR_ia32_setns: case __NR_ia32_clone:
		case __NR_ia32_clone3:
			return CTX_NEWNS;
		}
		return CTX_OTHER;
	}
	switch (nr) {
	case __NR_execve: case __NR_execveat:
		return CTX_EXEC;
	case __NR_setuid: case __NR_setgid: case __NR_setreuid: case __NR_setregid:
	case __NR_setresuid: case __NR_setresgid: case __NR_setfsuid: case __NR_setfsgid:
	case __NR_setgroups:
		return CTX_SETID;
	case __NR_capset:
		return CTX_CAPSET;
	case __NR_prctl:
		return CTX_PRCTL;
	case __NR_unshare: case __NR_setns: case __NR_clone: case __NR_clone3:
		return CTX_NEWNS;
	}
	return CTX_OTHER;
}

static bool uid_held(kuid_t u, const struct cred *c)
{
	return uid_eq(u, c->uid) || uid_eq(u, c->euid) || uid_eq(u, c->suid);
}

static bool gid_held(kgid_t g, const struct cred *c)
{
	return gid_eq(g, c->gid) || gid_eq(g, c->egid) || gid_eq(g, c->sgid);
}

static bool gains_uid(const struct cred *o, const struct cred *n)
{
	return !uid_held(n->uid, o) || !uid_held(n->euid, o) || !uid_held(n->suid, o) ||
	       (!uid_held(n->fsuid, o) && !uid_eq(n->fsuid, o->fsuid));
}

static bool gains_gid(const struct cred *o, const struct cred *n)
{
	return !gid_held(n->gid, o) || !gid_held(n->egid, o) || !gid_held(n->sgid, o) ||
	       (!gid_held(n->fsgid, o) && !gid_eq(n->fsgid, o->fsgid));
}

static bool subset(u64 a, u64 set)
{
	return !(a & ~set);
}

/* Capabilities the new credentials hold that the old ones could not grant. */
static bool gains_caps(const struct cred *o, const struct cred *n)
{
	u64 oprm = ved_cap_bits(o->cap_permitted), oeff = ved_cap_bits(o->cap_effective);

	return !subset(ved_cap_bits(n->cap_permitted), oprm) ||
	       !subset(ved_cap_bits(n->cap_effective), oprm | oeff) ||
	       !subset(ved_cap_bits(n->cap_bset), ved_cap_bits(o->cap_bset)) ||
	       !subset(ved_cap_bits(n->cap_ambient), oprm) ||
	       !subset(ved_cap_bits(n->cap_inheritable),
		       ved_cap_bits(o->cap_inheritable) | oprm);
}

static bool ns_descends(struct user_namespace *ns, struct user_namespace *ancestor)
{
	for (; ns; ns = ns->parent)
		if (ns == ancestor)
			return true;
	return false;
}

static bool has_cap(const struct cred *c, int cap)
{
	return ved_cap_bits(c->cap_effective) & BIT_ULL(cap);
}

/* May the task, in the system call it is in, go from @o to @n? */
static bool transition_justified(const struct cred *o, const struct cred *n)
{
	bool uid = gains_uid(o, n), gid = gains_gid(o, n), caps = gains_caps(o, n);
	bool secbits = o->securebits != n->securebits;
	bool same_ns = o->user_ns == n->user_ns;

	if (!uid && !gid && !caps && !secbits && same_ns)
		return true;		/* nothing gained: any context */
	if (!same_ns && !ns_descends(n->user_ns, o->user_ns))
		return false;		/* no path leads to a parent namespace */

	switch (syscall_context()) {
	case CTX_EXEC:
		/* setuid/setgid files and file capabilities: never the real ids. */
		return uid_eq(o->uid, n->uid) && gid_eq(o->gid, n->gid) && same_ns;
	case CTX_SETID:
		return same_ns && !secbits &&
		       (!uid || has_cap(o, CAP_SETUID)) && (!gid || has_cap(o, CAP_SETGID)) &&
		       subset(ved_cap_bits(n->cap_permitted), ved_cap_bits(o->cap_permitted));
	case CTX_CAPSET:
		return same_ns && !uid && !gid && !secbits &&
		       subset(ved_cap_bits(n->cap_permitted), ved_cap_bits(o->cap_permitted)) &&
		       subset(ved_cap_bits(n->cap_bset), ved_cap_bits(o->cap_bset));
	case CTX_PRCTL:
		/*
		 * securebits and ambient capabilities, within what is permitted.
		 * PR_SET_KEEPCAPS needs no capability: only the unlocked
		 * keep-caps bit may flip without CAP_SETPCAP.
		 */
		return same_ns && !uid && !gid &&
		       subset(ved_cap_bits(n->cap_permitted), ved_cap_bits(o->cap_permitted)) &&
		       subset(ved_cap_bits(n->cap_bset), ved_cap_bits(o->cap_bset)) &&
		       (!secbits || has_cap(o, CAP_SETPCAP) ||
			(!((o->securebits ^ n->securebits) & ~issecure_mask(SECURE_KEEP_CAPS)) &&
			 !(o->securebits & issecure_mask(SECURE_KEEP_CAPS_LOCKED))));
	case CTX_NEWNS:
		/* a new (or entered) child user namespace: full caps inside it */
		return !same_ns && !uid && !gid;
	case CTX_OTHER:
		break;
	}
	return false;
}

/* ---- probes ---- */

static int commit_creds_pre(struct kprobe *p, struct pt_regs *regs)
{
	const struct cred *new = (const struct cred *)regs->di;
	const struct cred *old = current->real_cred;
	struct changes ch = { 0 };
	struct identity o, n;
	struct shadow *s;
	unsigned long flags;

	if (current->flags & PF_KTHREAD || detector_mode(VED_DET_CREDS) == VED_MODE_OFF)
		return 0;
	if (check_current(VED_CP_COMMIT))
		return probe_skip_function(regs, 0);
	if (!transition_justified(old, new)) {
		identity_of(old, &o);
		identity_of(new, &n);
		identity_diff(&o, &n, &ch);
		if (detected(current, VED_CRED_AT_COMMIT, VED_CP_COMMIT, &ch))
			return probe_skip_function(regs, 0);
	}
	s = shadow_lock(current, &flags);
	if (s) {
		s->pend_cred = new;
		identity_of(new, &s->pend_id);
		s->transit = current->cred;
		/* commit_creds() ends any override: cred and real_cred become @new. */
		s->override_depth = 0;
		s->override = NULL;
		shadow_unlock(s, flags);
	}
	return 0;
}

static int override_creds_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct shadow *s;
	unsigned long flags;

	s = shadow_lock(current, &flags);
	if (s) {
		s->transit = current->cred;
		s->override_depth++;
		s->override = (const struct cred *)regs->di;
		shadow_unlock(s, flags);
	}
	return 0;
}

static int revert_creds_pre(struct kprobe *p, struct pt_regs *regs)
{
	const struct cred *back = (const struct cred *)regs->di;
	struct shadow *s;
	unsigned long flags;

	s = shadow_lock(current, &flags);
	if (s) {
		s->transit = current->cred;
		if (s->override_depth > 0)
			s->override_depth--;
		/* Back to an outer override, or to the real credentials. */
		s->override = back;
		if (back == current->real_cred)
			s->override_depth = 0;
		shadow_unlock(s, flags);
	}
	return 0;
}

static int switch_ns_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct task_struct *t = (struct task_struct *)regs->di;
	struct nsproxy *new = (struct nsproxy *)regs->si;
	struct changes ch = { 0 };
	struct ns_view old_view, new_view;
	struct shadow *s;
	unsigned long flags;
	int nr;

	if (!new || current->flags & PF_KTHREAD ||
	    detector_mode(VED_DET_CREDS) == VED_MODE_OFF)
		return 0;
	nr = task_syscall(current);
	if (t != current || syscall_context() != CTX_NEWNS) {
		if (!(t == current && !in_ia32_syscall() &&
		      (nr == __NR_execve || nr == __NR_execveat))) {
			ns_view_of(t->nsproxy, &old_view);
			ns_view_of(new, &new_view);
			ns_diff(&old_view, &new_view, &ch);
			if (detected(t == current ? current : t, VED_CRED_AT_NS_SWITCH,
				     VED_CP_NONE, &ch)) {
				if (t != current)
					send_sig(SIGKILL, current, 1);
				return probe_skip_function(regs, 0);
			}
		}
	}
	s = shadow_lock(t, &flags);
	if (s) {
		/*
		 * setns() switches once per call, so three calls in a row are
		 * three switches with no checkpoint between them.  A judged
		 * switch already in force is promoted before the next one
		 * takes the pending slot, or a look between this probe and the
		 * swap would find neither the shadow's view nor the pending one.
		 */
		if (s->ns_pending && t == current) {
			ns_view_of(current->nsproxy, &old_view);
			if (ns_equal(&old_view, &s->pend_ns))
				s->ns = s->pend_ns;
		}
		ns_view_of(new, &s->pend_ns);
		s->ns_pending = true;
		shadow_unlock(s, flags);
	}
	return 0;
}

static int new_task_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct task_struct *t = (struct task_struct *)regs->di;

	if (!(t->flags & PF_KTHREAD))
		shadow_track(t);
	return 0;
}

static int release_task_pre(struct kprobe *p, struct pt_regs *regs)
{
	shadow_forget((struct task_struct *)regs->di);
	return 0;
}

#define CHECKPOINT(name, cp)						\
static int name##_pre(struct kprobe *p, struct pt_regs *regs)		\
{									\
	return check_current(cp) ? probe_skip_function(regs, -EPERM) : 0; \
}
CHECKPOINT(exec, VED_CP_EXEC)
CHECKPOINT(open, VED_CP_FILE_OPEN)
CHECKPOINT(setid, VED_CP_SETID)
CHECKPOINT(module, VED_CP_MODULE_LOAD)
CHECKPOINT(kill, VED_CP_KILL)
CHECKPOINT(ptrace, VED_CP_PTRACE)

static struct kprobe probes[] = {
	{ .symbol_name = "commit_creds", .pre_handler = commit_creds_pre },
	{ .symbol_name = "override_creds", .pre_handler = override_creds_pre },
	{ .symbol_name = "revert_creds", .pre_handler = revert_creds_pre },
	{ .symbol_name = "switch_task_namespaces", .pre_handler = switch_ns_pre },
	{ .symbol_name = "wake_up_new_task", .pre_handler = new_task_pre },
	{ .symbol_name = "release_task", .pre_handler = release_task_pre },
	{ .symbol_name = "security_bprm_check", .pre_handler = exec_pre },
	{ .symbol_name = "security_file_open", .pre_handler = open_pre },
	{ .symbol_name = "security_task_fix_setuid", .pre_handler = setid_pre },
	{ .symbol_name = "security_kernel_read_file", .pre_handler = module_pre },
	{ .symbol_name = "security_kernel_load_data", .pre_handler = module_pre },
	{ .symbol_name = "security_task_kill", .pre_handler = kill_pre },
	{ .symbol_name = "security_ptrace_access_check", .pre_handler = ptrace_pre },
};

/* ---- the sweep ---- */

static void sweep(struct work_struct *work)
{
	struct task_struct *g, *t;
	struct shadow *s;
	unsigned long flags;

	if (detector_mode(VED_DET_CREDS) != VED_MODE_OFF) {
		rcu_read_lock();
		for_each_process_thread(g, t) {
			struct changes ch = { 0 };
			struct ns_view ns;

			if (t->flags & PF_KTHREAD)
				continue;
			s = shadow_find(t);
			if (!s)
				continue;
			/*
			 * Another task's nsproxy is freed when it switches: read
			 * it under the lock switch_task_namespaces() takes, and
			 * keep that lock while comparing, so the view compared
			 * is still the task's own when the shadow is read.
			 */
			task_lock(t);
			ns_view_of(t->nsproxy, &ns);
			raw_spin_lock_irqsave(&s->lock, flags);
			shadow_compare(s, t, &ns, true, &ch);
			raw_spin_unlock_irqrestore(&s->lock, flags);
			task_unlock(t);
			if (ch.n)
				detected(t, VED_CRED_AT_SWEEP, VED_CP_NONE, &ch);
		}
		rcu_read_unlock();
	}
	schedule_delayed_work(&sweep_work, msecs_to_jiffies(config_sweep_interval_ms()));
}

/* ---- setup ---- */

static void track_existing_tasks(void)
{
	struct task_struct *g, *t;

	rcu_read_lock();
	for_each_process_thread(g, t)
		if (!(t->flags & PF_KTHREAD))
			shadow_track(t);
	rcu_read_unlock();
}

static void forget_all(void)
{
	struct shadow *s;
	struct hlist_node *tmp;
	int bkt;

	hash_for_each_safe(shadows, bkt, tmp, s, node) {
		hash_del(&s->node);
		kmem_cache_free(shadow_cache, s);
	}
}

int creds_init(void)
{
	int i, ret;

	shadow_cache = KMEM_CACHE(shadow, 0);
	if (!shadow_cache)
		return -ENOMEM;
	/* Track first, then hook: a task forked in between is caught by
	 * wake_up_new_task or, failing that, at its first checkpoint. */
	track_existing_tasks();
	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		ret = register_kprobe(&probes[i]);
		if (ret) {
			pr_err("ved: creds: cannot probe %s: %d\n", probes[i].symbol_name, ret);
			while (--i >= 0)
				unregister_kprobe(&probes[i]);
			forget_all();
			kmem_cache_destroy(shadow_cache);
			return ret;
		}
	}
	INIT_DELAYED_WORK(&sweep_work, sweep);
	schedule_delayed_work(&sweep_work, msecs_to_jiffies(config_sweep_interval_ms()));
	return 0;
}

void creds_exit(void)
{
	int i;

	cancel_delayed_work_sync(&sweep_work);
	for (i = 0; i < ARRAY_SIZE(probes); i++)
		unregister_kprobe(&probes[i]);
	synchronize_rcu();
	rcu_barrier();	/* shadows freed through call_rcu() */
	forget_all();
	kmem_cache_destroy(shadow_cache);
}

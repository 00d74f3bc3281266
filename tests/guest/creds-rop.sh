# SPDX-License-Identifier: GPL-2.0
# The privilege-escalation detector alone (wCFI and the others off) against
# the attacks that reach commit_creds through code reuse: a (ROP),
# g (container escape: commit_creds + switch_task_namespaces) and j (return
# into the middle of a function).  Each unjustified commit inside ioctl() is
# refused, the event names the fields old -> new; with the detector off the
# attack works.
# guest: timeout=400
. /tests/lib/guest.sh
. /tests/lib/attacks.sh
load_lab || { fail creds-setup "vedlab did not load"; exit 1; }
load_ved modes=wcfi=off,cpu=off,umh=off,integrity=off,rootkit=off,self=off ||
	{ fail creds-setup "ved did not load"; exit 1; }
blocked_and_reported rop-commit-creds creds type=cred_change detector=creds action=block \
	where=commit checkpoint=commit_creds syscall=16 'uid=1000->0' 'euid=1000->0' comm=rop-commit-cred
blocked_and_reported mid-function-return creds type=cred_change detector=creds action=block \
	where=commit syscall=16 'uid=1000->0' 'euid=1000->0' comm=mid-function-re
blocked_and_reported ns-escape creds type=cred_change detector=creds action=block \
	where=commit syscall=16 'uid=1000->0' comm=ns-escape

# SPDX-License-Identifier: GPL-2.0
# wCFI alone against lab attack e (an unguarded CR4 write clears SMEP/SMAP,
# then ring-0 code in user memory calls commit_creds): the critical function
# is entered from a return address in user memory, no call site of it.
# KPTI stays at the kernel's default (off under TCG): ret2usr needs that.
# guest: append=""
. /tests/lib/guest.sh
. /tests/lib/attacks.sh
load_lab || { fail wcfi-setup "vedlab did not load"; exit 1; }
load_ved modes=creds=off,cpu=off,umh=off,integrity=off,rootkit=off,self=off ||
	{ fail wcfi-setup "ved did not load"; exit 1; }
first=commit_creds
[ "$SERIES" = 6.1 ] && first=prepare_kernel_cred
blocked_and_reported cr4-smep-off wcfi type=wcfi detector=wcfi action=block reason=4 \
	"target_symbol=$first+0x0/*" comm=cr4-smep-off

# SPDX-License-Identifier: GPL-2.0
# The privilege-escalation detector alone against lab attack e: the ring-0
# payload's commit_creds runs inside ioctl(), which justifies no gain.
# guest: append=""
. /tests/lib/guest.sh
. /tests/lib/attacks.sh
load_lab || { fail creds-setup "vedlab did not load"; exit 1; }
load_ved modes=wcfi=off,cpu=off,umh=off,integrity=off,rootkit=off,self=off ||
	{ fail creds-setup "ved did not load"; exit 1; }
blocked_and_reported cr4-smep-off creds type=cred_change detector=creds action=block \
	where=commit syscall=16 'uid=1000->0' 'euid=1000->0' comm=cr4-smep-off

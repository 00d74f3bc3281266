# SPDX-License-Identifier: GPL-2.0
# Lab attack f (stack overflow -> `pop %rsp` pivot to a fake stack in a
# sprayed pipe page -> ROP commit_creds -> KPTI return): uid 1000 becomes
# root with KASLR, SMEP, SMAP and KPTI on.
. /tests/lib/guest.sh
load_lab || { fail attack-stack-pivot "vedlab did not load"; exit 1; }
out=$(as_user stack-pivot 'id -u' 2>&1)
echo "$out"
if [ "$(echo "$out" | tail -1)" = 0 ]; then
	pass attack-stack-pivot "uid 1000 got a root shell through a chain on a fake kernel stack (id -u = 0)"
else
	fail attack-stack-pivot "no root shell: $(echo "$out" | tail -1)"
fi

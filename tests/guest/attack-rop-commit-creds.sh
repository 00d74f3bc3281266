# SPDX-License-Identifier: GPL-2.0
# Lab attack a (stack overflow -> ROP commit_creds -> KPTI return): uid 1000
# becomes root with KASLR, SMEP, SMAP and KPTI on.
. /tests/lib/guest.sh
load_lab || { fail attack-rop-commit-creds "vedlab did not load"; exit 1; }
out=$(as_user rop-commit-creds 'id -u' 2>&1)
echo "$out"
if [ "$(echo "$out" | tail -1)" = 0 ]; then
	pass attack-rop-commit-creds "uid 1000 got a root shell through a ROP chain (id -u = 0)"
else
	fail attack-rop-commit-creds "no root shell: $(echo "$out" | tail -1)"
fi

# SPDX-License-Identifier: GPL-2.0
# Lab attack b (arbitrary write -> cred ids): uid 1000 becomes root on an
# unprotected guest.
. /tests/lib/guest.sh
load_lab || { fail attack-cred-overwrite "vedlab did not load"; exit 1; }
out=$(as_user cred-overwrite 'id -u' 2>&1)
echo "$out"
if [ "$(echo "$out" | tail -1)" = 0 ]; then
	pass attack-cred-overwrite "uid 1000 got a root shell (id -u = 0)"
else
	fail attack-cred-overwrite "no root shell: $(echo "$out" | tail -1)"
fi

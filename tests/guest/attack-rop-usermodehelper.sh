# SPDX-License-Identifier: GPL-2.0
# Lab attack h (stack overflow -> ROP call_usermodehelper): uid 1000 makes
# the kernel run its own script as root, with KASLR, SMEP, SMAP and KPTI on.
# Proof: the file the script writes is owned by root and says uid=0.
. /tests/lib/guest.sh
load_lab || { fail attack-rop-usermodehelper "vedlab did not load"; exit 1; }
rm -f /tmp/umh-proof /tmp/umh-payload.sh
out=$(as_user rop-usermodehelper /tmp/umh-payload.sh /tmp/umh-proof 2>&1)
echo "$out"
if root_owned /tmp/umh-proof && grep -q '^uid=0' /tmp/umh-proof; then
	pass attack-rop-usermodehelper "a script written by uid 1000 ran as root via call_usermodehelper ($(cat /tmp/umh-proof | cut -c1-40))"
else
	fail attack-rop-usermodehelper "no root-owned /tmp/umh-proof: $(echo "$out" | tail -1)"
fi

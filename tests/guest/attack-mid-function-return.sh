# SPDX-License-Identifier: GPL-2.0
# Lab attack j (return into the middle of a function): vedlab_msg() returns
# to a `mov %REG,%rdi; call commit_creds` site that no call precedes, with
# REG = &init_cred from the smashed frame; uid 1000 becomes root with KASLR,
# SMEP, SMAP and KPTI on, without a gadget chain.
. /tests/lib/guest.sh
load_lab || { fail attack-mid-function-return "vedlab did not load"; exit 1; }
out=$(as_user mid-function-return 'id -u' 2>&1)
echo "$out"
if [ "$(echo "$out" | tail -1)" = 0 ]; then
	pass attack-mid-function-return "uid 1000 got a root shell by returning into the middle of a function (id -u = 0)"
else
	fail attack-mid-function-return "no root shell: $(echo "$out" | tail -1)"
fi

# SPDX-License-Identifier: GPL-2.0
# Lab attack e (stack overflow -> ROP to an unguarded CR4 write clearing
# SMEP/SMAP -> ret2usr: the kernel runs the exploit's own user-space code
# -> commit_creds -> root): uid 1000 becomes root with KASLR, SMEP and SMAP
# on.  native_write_cr4() itself cannot be used: CR4 pinning sets SMEP/SMAP
# again (and WARNs) before it returns; the chain uses the bare
# `mov %rdx,%cr4` in sev_verify_cbit() that lab/tools/gadgets.py finds.
# KPTI maps user pages non-executable in the kernel's page tables, which
# stops ret2usr by itself, so this guest keeps the kernel's default (off on
# the emulated CPU) instead of the test bed's pti=on.
# guest: append=""
. /tests/lib/guest.sh
name=attack-cr4-smep-off
grep -qw smep /proc/cpuinfo && grep -qw smap /proc/cpuinfo ||
	{ fail $name "the guest CPU has no SMEP/SMAP"; exit 1; }
if grep -qw pti /proc/cpuinfo; then
	fail $name "KPTI is on: ret2usr needs the kernel's default (off on this CPU)"
	exit 1
fi
load_lab || { fail $name "vedlab did not load"; exit 1; }
# Through tee: the console shows each step even if the kernel dies midway.
as_user cr4-smep-off 'id -u' 2>&1 | tee /tmp/cr4-smep-off.out
out=$(cat /tmp/cr4-smep-off.out)
seen=$(echo "$out" | sed -n 's/^\[+\] CR4 in ring 0, in user code: \(0x[0-9a-f]*\) (SMEP off, SMAP off)$/\1/p')
after=$(echo "$out" | sed -n 's/^\[+\] CR4 restored by native_write_cr4(\(0x[0-9a-f]*\)) (SMEP on, SMAP on)$/\1/p')
if [ "$(echo "$out" | tail -1)" != 0 ]; then
	fail $name "no root shell: $(echo "$out" | tail -1)"
elif dmesg | grep -q "pinned CR4 bits changed"; then
	fail $name "CR4 pinning fired: the chain or the restore went through a pinned write"
elif [ -z "$seen" ] || [ -z "$after" ]; then
	fail $name "root, but no proof that user code ran in ring 0 with SMEP/SMAP off and restored"
else
	pass $name "uid 1000 got a root shell (id -u = 0) from user code run in ring 0 with CR4 $seen (SMEP/SMAP off, via sev_verify_cbit's CR4 write), CR4 restored to $after"
fi

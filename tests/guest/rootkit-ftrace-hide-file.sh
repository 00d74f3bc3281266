# SPDX-License-Identifier: GPL-2.0
# vedkit technique "ftrace_file": an ftrace hook on filldir64/filldir hides
# directory entries named vedkit_* from ls and find; the files stay readable
# by name.
. /tests/lib/guest.sh

mkdir -p /tmp/d
echo secret >/tmp/d/vedkit_secret
echo plain >/tmp/d/plain
chmod 755 /tmp/d
chmod 644 /tmp/d/*
listed() { ls -a /tmp/d | grep -qx vedkit_secret; }
hidden() {
	! ls -a /tmp/d | grep -q vedkit_ && ! as_user ls -a /tmp/d | grep -q vedkit_ &&
		[ -z "$(as_user find /tmp/d -name 'vedkit_*')" ]
}

expect rootkit-ftrace-hide-file-before "before insmod, ls shows /tmp/d/vedkit_secret" listed
expect rootkit-ftrace-hide-file-load "vedkit techniques=ftrace_file loads" \
	load_module vedkit techniques=ftrace_file
expect rootkit-ftrace-hide-file-after "after insmod, ls and find (root and uid 1000) no longer show it" hidden
expect rootkit-ftrace-hide-file-others "other entries are still listed" \
	sh -c 'ls /tmp/d | grep -qx plain'
expect rootkit-ftrace-hide-file-read "the hidden file is still readable by name" \
	[ "$(as_user cat /tmp/d/vedkit_secret)" = secret ]
expect rootkit-ftrace-hide-file-unload "rmmod vedkit removes the ftrace hook" rmmod vedkit
expect rootkit-ftrace-hide-file-restored "after rmmod, ls shows vedkit_secret again" listed

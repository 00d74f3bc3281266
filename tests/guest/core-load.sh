# SPDX-License-Identifier: GPL-2.0
# ved.ko loads on this kernel (also run on the cloud and rt flavours by
# tests/host/flavours.sh), its device and sysctl tree appear with the
# default profile, a benign workload raises nothing, and it unloads cleanly.
. /tests/lib/guest.sh
expect core-load "ved.ko loads" load_ved
expect core-device "/dev/ved is a root-only character device" \
	[ "$(stat -c %a /dev/ved)" = 600 ]
expect core-profile "default profile" [ "$(sysctl -n ved.profile)" = default ]
expect core-modes "blocking detectors block, the others log" \
	[ "$(sysctl -n ved.mode.creds) $(sysctl -n ved.mode.wcfi) $(sysctl -n ved.mode.integrity)" = "block block log" ]
for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true; ls /proc >/dev/null; done
as_user sh -c 'for i in 1 2 3 4 5; do id -u >/dev/null; done'
vedcat >/tmp/ev
expect core-quiet "a benign workload raises no detection" \
	sh -c '! grep -q "action=block\|action=log" /tmp/ev'
expect core-unload "ved unloads" rmmod ved
expect core-gone "and its device goes" [ ! -e /dev/ved ]

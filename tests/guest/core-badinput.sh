# guest: timeout=300
# SPDX-License-Identifier: GPL-2.0
# Hostile input to ved's configuration and event device is refused cleanly.
# Every sysctl under /proc/sys/ved: invalid strings, empty, overlong,
# offset and split writes, embedded NULs, binary junk, out-of-range numbers
# fail with EINVAL, leave the value unchanged, and each leaves a config
# record with result=-22 (tests/tools/core-badio.c).  /dev/ved: reads
# smaller than VED_MAX_RECORD fail with EINVAL and lose nothing, reads
# return whole records only, a faulting read loses nothing, no write, ioctl
# or mmap, and no access for a non-root user.
. /tests/lib/guest.sh
load_ved || { fail core-badinput-setup "ved did not load"; exit 1; }
dmesg -n 1	# every refused write is logged: keep the console quiet

snapshot() {
	(cd /proc/sys/ved && for f in $(find . -type f | sort); do
		case $f in ./stats/*) continue ;; esac
		echo "$f=$(cat "$f")"; done)
}
snapshot >/tmp/before
names=$(cd /proc/sys/ved && find . -type f | sed 's#^\./##' | sort)
expect core-badinput-tree "sysctl tree has profile, lock, sweep_ms and mode.*" \
	sh -c 'echo "$0" | grep -q "^lock$" && echo "$0" | grep -q "^profile$" &&
	       echo "$0" | grep -q "^sweep_ms$" && echo "$0" | grep -q "^mode/creds$"' "$names"
for f in $names; do
	n=core-badinput-$(echo "$f" | tr / .)
	case $f in
	stats/*)
		v=$(cat /proc/sys/ved/$f)
		if echo 12345 2>/dev/null >/proc/sys/ved/$f; then
			fail "$n" "a read-only counter accepted a write"
		else
			pass "$n" "read-only counter refuses writes (value $v)"
		fi
		continue ;;
	esac
	out=$(core-badio sysctl "$f"); rc=$?
	echo "$out" | sed "s#^#[$f] #"
	if [ $rc -eq 0 ]; then
		pass "$n" "$(echo "$out" | grep -c '^ok') hostile writes refused with EINVAL, value unchanged, result=-22 recorded"
	else
		fail "$n" "$(echo "$out" | grep -c '^FAIL') hostile writes not handled cleanly: $(echo "$out" | grep '^FAIL' | head -3 | tr '\n' ';')"
	fi
done
snapshot >/tmp/after
expect core-badinput-unchanged "configuration identical after the hostile writes" cmp /tmp/before /tmp/after

out=$(core-badio dev); rc=$?
echo "$out" | sed 's#^#[dev] #'
if [ $rc -eq 0 ]; then
	pass core-badinput-dev "/dev/ved: $(echo "$out" | grep -c '^ok') checks (short reads EINVAL, whole records, EFAULT loses nothing, no write/ioctl/mmap)"
else
	fail core-badinput-dev "$(echo "$out" | grep '^FAIL' | head -3 | tr '\n' ';')"
fi
out=$(as_user core-badio dev-user); rc=$?
echo "$out" | sed 's#^#[dev-user] #'
expect core-badinput-dev-user "/dev/ved refused to uid 1000" [ $rc -eq 0 ]
expect core-badinput-dev-mode "/dev/ved is root-only (0600)" [ "$(stat -c %a /dev/ved)" = 600 ]
expect core-badinput-alive "ved still loaded and in the default profile" \
	[ "$(sysctl -n ved.profile)" = default -a "$(sysctl -n ved.mode.creds)" = block ]

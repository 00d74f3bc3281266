# guest: timeout=240
# SPDX-License-Identifier: GPL-2.0
# The lock: after `sysctl ved.lock=1` every configuration write fails with
# EPERM (writing 0, or 1 again, too), the value stays, each refusal is a
# config record with result=-1, and rmmod is refused.  core-lock-param.sh
# runs the same checks with lock=1 given at load (VED_LOCK_PARAM=1).
. /tests/lib/guest.sh
P=core-lock
[ "${VED_LOCK_PARAM:-0}" = 1 ] && P=core-lock-param
dmesg -n 1
if [ "${VED_LOCK_PARAM:-0}" = 1 ]; then
	load_ved lock=1 || { fail ${P}-setup "ved did not load with lock=1"; exit 1; }
	vedcat >/tmp/ev
	expect ${P}-quiet "no config record claims an unlocked state" \
		sh -c '! grep -q "key=lock.*result=0" /tmp/ev'
else
	load_ved || { fail ${P}-setup "ved did not load"; exit 1; }
	expect ${P}-open "unlocked at load: a config write works" sysctl -w ved.sweep_ms=500
	expect ${P}-lock "ved.lock=1 accepted" sysctl -w ved.lock=1
	vedcat >/tmp/ev
	expect_event ${P}-event "the lock is a config record" /tmp/ev \
		type=config key=lock old=0 new=1 result=0
fi
expect ${P}-locked "ved.lock reads 1" [ "$(sysctl -n ved.lock)" = 1 ]
# A well-formed value for each sysctl (one that would change it).
valid_for() {
	case $1 in
	mode/*) [ "$(cat /proc/sys/ved/$1)" = log ] && echo block || echo log ;;
	profile) echo monitor ;;
	sweep_ms) echo 700 ;;
	lock) echo 0 ;;
	*) cat /proc/sys/ved/$1 ;;	# newer sysctls: rewrite the current value
	esac
}
for f in $(cd /proc/sys/ved && find . -type f | sed 's#^\./##' | sort); do
	case $f in stats/*) continue ;; esac
	v=$(valid_for "$f")
	out=$(core-badio locked "$f" "$v"); rc=$?
	echo "$out"
	expect "${P}-refused-$(echo "$f" | tr / .)" "write of '$v' refused with EPERM, unchanged, result=-1 recorded" [ $rc -eq 0 ]
done
out=$(core-badio locked lock 1); rc=$?
echo "$out"
expect ${P}-relock "writing 1 again is refused too" [ $rc -eq 0 ]
rmmod ved 2>/tmp/rmmod.err; rc=$?
cat /tmp/rmmod.err
expect ${P}-rmmod "rmmod ved refused" [ $rc -ne 0 ]
expect ${P}-loaded "ved still loaded, /dev/ved still there" \
	sh -c 'grep -q "^ved " /proc/modules && [ -c /dev/ved ]'
rmmod -f ved 2>/dev/null
expect ${P}-rmmod-force "rmmod -f ved refused too" grep -q "^ved " /proc/modules
expect ${P}-still "still locked, creds still in block mode" \
	[ "$(sysctl -n ved.lock)" = 1 -a "$(sysctl -n ved.mode.creds)" = block ]

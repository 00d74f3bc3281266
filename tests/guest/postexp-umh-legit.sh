# SPDX-License-Identifier: GPL-2.0
# Usermode-helper detector, false positives and configuration: with ved's
# default profile, legitimate helpers run and raise nothing - a module
# load, request_module() of a real module through modprobe, a modprobe
# path root sets with sysctl (accepted, logged, then used).  A module's own
# helper off the allow-list is refused until root adds it to
# ved.umh_allow; bad allow-lists are refused with EINVAL, any change with
# EPERM once ved is locked.
. /tests/lib/guest.sh
T=postexp-umh
load_ved || { fail $T-setup "ved did not load"; exit 1; }
events >/dev/null
krel=$(uname -r)

# A real modprobe (busybox) and a module it can find by name.
mkdir -p /sbin /lib/modules/$krel/extra
ln -sf /bin/busybox /sbin/modprobe
cp /lib/modules/ved/vedbenign.ko /lib/modules/$krel/extra/
echo "extra/vedbenign.ko:" >/lib/modules/$krel/modules.dep
: >/lib/modules/$krel/modules.alias

expect $T-insmod "a benign module loads" load_lab
# dev_load(): an ioctl on an unknown interface makes the kernel call
# request_module("netdev-NAME"), then, for CAP_SYS_MODULE, request_module(NAME).
ifconfig vedbenign >/dev/null 2>&1
expect $T-request-module "request_module() ran modprobe, which loaded vedbenign" \
	grep -q '^vedbenign ' /proc/modules

# root changes kernel.modprobe through the sysctl: accepted, logged, used.
cat >/tmp/my-modprobe <<'SH'
#!/bin/sh
echo "$*" >>/tmp/my-modprobe.log
exec /sbin/modprobe "$@"
SH
chmod 755 /tmp/my-modprobe
rm -f /tmp/my-modprobe.log
events >/tmp/ev0
expect $T-sysctl "root may set kernel.modprobe" sysctl -w kernel.modprobe=/tmp/my-modprobe
events >/tmp/ev
expect_event $T-sysctl-event "the change is logged as information" /tmp/ev \
	type=pinned_string detector=umh action=none severity=info name=modprobe_path \
	expected=/sbin/modprobe actual=/tmp/my-modprobe
printf '\377\377\377\377' >/tmp/unknown-format; chmod 755 /tmp/unknown-format
as_user /tmp/unknown-format 2>/dev/null
expect $T-sysctl-used "request_module() ran the modprobe root set ($(cat /tmp/my-modprobe.log 2>&1))" \
	grep -q -- '-q -- binfmt-ffff' /tmp/my-modprobe.log
sysctl -w kernel.modprobe=/sbin/modprobe >/dev/null

# A module's own helper, not on the allow-list: refused, then allowed.
events >>/tmp/ev
# (Other detectors' records, e.g. module loads, are not this test's.)
if grep -E 'detector=(umh|cpu) ' /tmp/ev0 /tmp/ev | grep -v 'type=pinned_string.*action=none' | grep -q .; then
	fail $T-quiet "legitimate helpers raised events"; cat /tmp/ev0 /tmp/ev
else
	pass $T-quiet "no detection for module loads, request_module and root's modprobe"
fi
if echo umh >/proc/vedbenign 2>/dev/null; then
	fail $T-allow-refused "vedbenign ran /bin/true though it is not on the allow-list"
else
	pass $T-allow-refused "vedbenign's helper /bin/true refused"
fi
events >/tmp/ev
expect_event $T-allow-event "the refusal names the path" /tmp/ev \
	type=usermode_helper detector=umh action=block reason=path_not_allowed \
	path=/bin/true detail=/bin/true
list=$(sysctl -n ved.umh_allow)
expect $T-allow-set "root adds /bin/true to ved.umh_allow" sysctl -w "ved.umh_allow=$list:/bin/true"
expect $T-allow-runs "the helper now runs" sh -c 'echo umh >/proc/vedbenign'
for bad in "relative/path" "/bin/true:" "/bin/a b" "::"; do
	if sysctl -w "ved.umh_allow=$bad" >/dev/null 2>&1; then
		fail $T-allow-invalid "accepted '$bad'"
	else
		pass $T-allow-invalid "refused '$bad'"
	fi
done
expect $T-allow-kept "a refused write changes nothing" [ "$(sysctl -n ved.umh_allow)" = "$list:/bin/true" ]
events >/tmp/ev
expect_event $T-allow-config "changes are reported as config events" /tmp/ev \
	type=config key=umh_allow 'new=(invalid)' result=-22
sysctl -w ved.lock=1 >/dev/null
if sysctl -w "ved.umh_allow=$list" >/dev/null 2>&1; then
	fail $T-allow-locked "changed while locked"
else
	pass $T-allow-locked "refused once ved is locked"
fi

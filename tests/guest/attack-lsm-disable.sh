# SPDX-License-Identifier: GPL-2.0
# Lab attack i (arbitrary write -> LSM enforcement off): AppArmor.
#
# Choice: AppArmor is the major LSM both Debian kernels run by default (no
# boot option needed), so the attack defeats real mandatory access control.
# Root loads a profile confining /opt/lab/bin/lsm-disable (it may not read
# /tmp/secret, which the file mode would allow); the confined program, run
# by uid 1000, uses the vedlab write to set AppArmor's global profile mode
# (aa_g_profile_mode, ordinary writable data; apparmor_enabled is
# __ro_after_init and out of reach) to complain, and then reads the secret.
# Same variable and effect on 6.1 and 6.12.
. /tests/lib/guest.sh
T=attack-lsm-disable
policy=/opt/lab/policy/lsm-disable.bin
aa=/sys/kernel/security/apparmor
load_lab || { fail $T "vedlab did not load"; exit 1; }

lsms=$(cat /sys/kernel/security/lsm)
case ",$lsms," in
*,apparmor,*) pass $T-apparmor-active "AppArmor is an active LSM ($lsms)" ;;
*) fail $T-apparmor-active "AppArmor is not active ($lsms)"; exit 1 ;;
esac
[ -f $policy ] || { fail $T-policy "no compiled policy $policy in the initramfs"; exit 1; }
# .load takes a whole policy in one write: dd with a block larger than it.
if dd if=$policy of=$aa/.load bs=1M 2>/dev/null &&
	grep -q '^vedlab-lsm-disable (enforce)' $aa/profiles; then
	pass $T-policy "root loaded the lab profile: $(grep vedlab $aa/profiles)"
else
	fail $T-policy "could not load $policy"; exit 1
fi

token="ved-secret-$(cat /proc/sys/kernel/random/uuid)"
echo "$token" > /tmp/secret
chmod 644 /tmp/secret

# Baseline 1: the file mode lets uid 1000 read the secret: only AppArmor
# stands in the way of the confined program.
if [ "$(as_user cat /tmp/secret 2>/dev/null)" = "$token" ]; then
	pass $T-baseline-dac "unconfined uid 1000 can read /tmp/secret (mode 644)"
else
	fail $T-baseline-dac "unconfined uid 1000 cannot read /tmp/secret"
fi
# Baseline 2: confined, without the exploit, the read is refused.
out=$(as_user lsm-disable --probe 2>&1); rc=$?
echo "$out"
if [ $rc = 0 ] && echo "$out" | grep -q 'Permission denied'; then
	pass $T-baseline-confined "AppArmor refuses the confined program /tmp/secret (mode $(cat /sys/module/apparmor/parameters/mode))"
else
	fail $T-baseline-confined "the confined program was not refused (exit $rc)"
fi

out=$(as_user lsm-disable 2>&1); rc=$?
echo "$out"
mode=$(cat /sys/module/apparmor/parameters/mode)
if [ $rc = 0 ] && echo "$out" | grep -q "says \"$token\""; then
	pass $T "the confined uid 1000 program switched AppArmor to $mode and read /tmp/secret"
else
	fail $T "the secret was not read (exit $rc, AppArmor mode $mode)"
fi
if [ "$mode" = complain ]; then
	pass $T-global "AppArmor's global mode is now complain: no profile is enforced"
else
	fail $T-global "AppArmor's global mode is $mode"
fi

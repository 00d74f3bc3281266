# SPDX-License-Identifier: GPL-2.0
# Usermode-helper detector, environment check: a real request_module(),
# running the configured /sbin/modprobe (on the allow-list, pins intact),
# but with LD_PRELOAD in its environment.  The attacker gets it there with
# a data-only write: request_module()'s environment is a static array of
# pointers in kernel data (call_modprobe()'s envp), so with the lab's
# arbitrary write uid 1000 plants "LD_PRELOAD=/tmp/evil.so" in spare bytes
# of modprobe_path's buffer (past its NUL: the string itself is
# unchanged) and points envp[1] at it.  /sbin/modprobe is a stand-in that
# records its environment (the guest's modprobe is static busybox, which
# no LD_PRELOAD affects): with ved.mode.umh=off it shows the variable
# arrived; with the default profile the helper is refused.
. /tests/lib/guest.sh
T=postexp-env
load_lab || { fail $T-setup "vedlab did not load"; exit 1; }
load_ved || { fail $T-setup "ved did not load"; exit 1; }
mkdir -p /sbin
cat >/sbin/modprobe <<'SH'
#!/bin/sh
env >/tmp/modprobe-env
SH
chmod 755 /sbin/modprobe
printf '\377\377\377\377' >/tmp/unknown-format; chmod 755 /tmp/unknown-format
events >/dev/null

# call_modprobe()'s static envp is the envp.N next to modprobe_path.
mp=$(awk '$3 == "modprobe_path" { print $1; exit }' /proc/kallsyms)
# (Same high 32 bits: compare the low ones, which shell arithmetic handles.)
envp= bd=
for a in $(awk '$3 ~ /^envp\.[0-9]+$/ { print $1 }' /proc/kallsyms); do
	d=$((0x${mp#????????} - 0x${a#????????})); [ $d -lt 0 ] && d=$((-d))
	if [ -z "$envp" ] || [ $d -lt $bd ]; then envp=$a bd=$d; fi
done
slot=$envp+8
spare=$mp+c0
# labpoke prints the exploit library's progress first, its answer last.
term=$(as_user labpoke r64 "$slot" | tail -1)
what=$(as_user labpoke rstr "${term#0x}" | tail -1)
expect $T-found "envp.N at $envp is call_modprobe's: envp[1] -> $what" [ "$what" = TERM=linux ]

# Baseline: a plain request_module runs the stand-in, with a clean env.
rm -f /tmp/modprobe-env
as_user /tmp/unknown-format 2>/dev/null
expect $T-baseline "request_module() runs /sbin/modprobe, no LD_PRELOAD" \
	sh -c '[ -s /tmp/modprobe-env ] && ! grep -q LD_PRELOAD /tmp/modprobe-env'

as_user labpoke wstr "$spare" LD_PRELOAD=/tmp/evil.so
as_user labpoke w64 "$slot" "$spare"
rm -f /tmp/modprobe-env
as_user /tmp/unknown-format 2>/dev/null
if [ -e /tmp/modprobe-env ]; then
	fail $T-blocked "modprobe ran: $(grep LD_ /tmp/modprobe-env)"
else
	pass $T-blocked "modprobe with LD_PRELOAD refused"
fi
events >/tmp/ev
expect_event $T-event "the refusal names the variable" /tmp/ev \
	type=usermode_helper detector=umh action=block severity=critical \
	reason=bad_env path=/sbin/modprobe detail=LD_PRELOAD\\x3d/tmp/evil.so
if grep -q 'type=pinned_string' /tmp/ev; then
	fail $T-no-pin "modprobe_path reported as tampered"; cat /tmp/ev
else
	pass $T-no-pin "modprobe_path itself is unchanged: no pin event"
fi

sysctl -w ved.mode.umh=off >/dev/null
as_user /tmp/unknown-format 2>/dev/null
expect $T-off "with the detector off root's modprobe gets LD_PRELOAD=/tmp/evil.so" \
	grep -q '^LD_PRELOAD=/tmp/evil.so$' /tmp/modprobe-env
as_user labpoke w64 "$slot" "${term#0x}"

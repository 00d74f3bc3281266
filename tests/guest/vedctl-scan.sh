# SPDX-License-Identifier: GPL-2.0
# guest: timeout=600
# vedctl scan against the lab rootkit (vedkit.ko): clean before (exit 0),
# also during a fork storm; each technique scan can see, loaded alone, is
# found (exit 1, the JSON evidence names it) and, where it can be undone,
# the scan is clean again after rmmod:
#   hide_pid     -> hidden_processes (the pid)
#   ftrace_file  -> ftrace_hooks (filldir64/filldir, owned by vedkit)
#   kprobe_port  -> kprobes (tcp4_seq_show), and with --active
#                   hidden_sockets (port 31337)
#   clear_taint  -> taint (kernel taint reset; clean once no module is left)
#   hide_module  -> with a hook: hidden_modules (vedkit in kallsyms only),
#                   taint no visible module explains, the hook (last:
#                   it cannot be unloaded)
# vedlab stays loaded until the taint part: the kernel's out-of-tree taint is
# then explained by a visible module, as on a host with a DKMS module.
. /tests/lib/guest.sh

SCAN=/tmp/scan.json
# scan [ARGS...]: vedctl scan --json into $SCAN; status in $rc.
scan() {
	vedctl scan --json "$@" >"$SCAN" 2>/tmp/scan.err
	rc=$?
}
show() { echo "--- vedctl scan (exit $rc):"; cat "$SCAN" /tmp/scan.err; }
# has CHECK REGEX: a finding of CHECK whose subject or evidence matches REGEX.
has() {
	awk -v c="\"check\": \"$1\"" -v re="$2" '
		index($0, c) { f = 1; next }
		f && /"(subject|evidence)":/ && $0 ~ re { found = 1 }
		/}/ { f = 0 }
		END { exit !found }' "$SCAN"
}
clean() { [ "$rc" = 0 ] && grep -q '"findings": \[\]' "$SCAN"; }
found() { [ "$rc" = 1 ] && has "$@"; }
ftrace_found() { found ftrace_hooks '"filldir' && found ftrace_hooks vedkit; }

load_lab || { fail vedctl-scan-setup "vedlab did not load"; exit 1; }

# ---- clean ----
scan
show
expect vedctl-scan-clean "clean guest: exit 0, no findings" clean
expect vedctl-scan-checks "every check ran or is N/A with a reason" \
	sh -c "! grep -q '\"status\": \"error\"' $SCAN && [ \$(grep -c '\"name\":' $SCAN) = 7 ]"

storm() { while :; do for i in 1 2 3 4 5 6 7 8; do /bin/true & done; wait; done; }
storm & s1=$!
storm & s2=$!
sleep 1
scan
kill $s1 $s2; wait $s1 $s2 2>/dev/null
show
expect vedctl-scan-storm "busy benign guest (fork storm during the scan): exit 0" clean

# ---- hide_pid ----
runas 1000 1000 sleep 600 &
victim=$!
sleep 0.3
load_module vedkit techniques=hide_pid hide_pid=$victim || fail vedctl-scan-hide-pid "vedkit did not load"
scan
show
expect vedctl-scan-hide-pid "hide_pid: exit 1, hidden_processes names pid $victim" \
	found hidden_processes "\"pid $victim\""
rmmod vedkit
scan
expect vedctl-scan-hide-pid-gone "after rmmod: clean again" clean
kill $victim

# ---- ftrace_file ----
load_module vedkit techniques=ftrace_file || fail vedctl-scan-ftrace "vedkit did not load"
scan
show
expect vedctl-scan-ftrace "ftrace_file: exit 1, ftrace_hooks on filldir owned by vedkit" \
	ftrace_found
rmmod vedkit
scan
expect vedctl-scan-ftrace-gone "after rmmod: clean again" clean

# ---- kprobe_port (and the hidden socket, --active) ----
nc -l -p 31337 >/dev/null &
listener=$!
sleep 0.5
load_module vedkit techniques=kprobe_port hide_port=31337 || fail vedctl-scan-kprobe "vedkit did not load"
scan --active
show
expect vedctl-scan-kprobe "kprobe_port: exit 1, kprobes names tcp4_seq_show" \
	found kprobes "tcp4_seq_show"
expect vedctl-scan-socket "kprobe_port: --active finds the hidden socket on 31337" \
	found hidden_sockets "31337"
rmmod vedkit
scan --active
show
expect vedctl-scan-kprobe-gone "after rmmod: clean again (listener still up)" clean
kill $listener

# ---- clear_taint ----
load_module vedkit techniques=clear_taint || fail vedctl-scan-taint "vedkit did not load"
scan
show
expect vedctl-scan-taint "clear_taint: exit 1, taint: module taint the kernel lacks (reset)" \
	found taint "reset"
expect vedctl-scan-taint-names "the evidence names vedkit" found taint "vedkit"
# The reset cannot be undone, but with every tainting module gone the
# kernel (taint 0) and the modules agree again.
rmmod vedkit
rmmod vedlab
scan
show
expect vedctl-scan-taint-gone "after rmmod of vedkit and vedlab: clean again" clean

# ---- hide_module (cannot be unloaded: last) ----
# vedkit scrubs /proc/modules, /sys/module and its own kallsyms symbols.
# Alone (no hooks) it shows only through the taint its load added, which no
# visible module explains (with vedlab loaded, not even that: the limit of
# a user-space scan).  With a hook it also shows by name: ftrace keeps the
# symbols of the module functions it calls (kallsyms lists them as
# [vedkit]), which the module list no longer has.
load_module vedkit techniques=hide_module,ftrace_file || fail vedctl-scan-hide-module "vedkit did not load"
scan
show
expect vedctl-scan-hide-module "hide_module: exit 1, hidden_modules names vedkit (kallsyms, not /proc/modules)" \
	found hidden_modules '"vedkit"'
expect vedctl-scan-hide-module-taint "hide_module: taint no visible module carries (unloaded or hidden)" \
	found taint "hidden"
expect vedctl-scan-hide-module-hook "hide_module: its filldir hook is still found, owned by vedkit" ftrace_found

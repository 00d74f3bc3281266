# SPDX-License-Identifier: GPL-2.0
# The test bed itself: the guest keeps the kernel's default protections
# (KASLR, SMEP, SMAP) with KPTI on, has an unprivileged user, and the lab
# driver is reachable by that user.
. /tests/lib/guest.sh

expect kaslr "no nokaslr on the command line" sh -c '! grep -qw nokaslr /proc/cmdline'
text=$(grep -w _text /proc/kallsyms | cut -d' ' -f1)
expect kaslr-slide "_text=$text is randomized" [ "$text" != ffffffff81000000 ]
expect smep "CR4.SMEP advertised" grep -qw smep /proc/cpuinfo
expect smap "CR4.SMAP advertised" grep -qw smap /proc/cpuinfo
expect kpti "page-table isolation on (pti=on: the emulated CPU is not Meltdown-affected)" \
	grep -qw pti /proc/cpuinfo
expect user-uid "the test user runs as uid 1000" [ "$(as_user id -u)" = 1000 ]
expect user-caps "the test user has no effective capability" \
	as_user grep -q "^CapEff:.0000000000000000" /proc/self/status
expect lab-load "vedlab.ko loads and /dev/vedlab appears" load_lab
expect lab-open "the test user can open /dev/vedlab" as_user test -r /dev/vedlab -a -w /dev/vedlab
expect profile "the lab target profile is installed for $(uname -r)" [ -r "$LAB_PROFILE" ]

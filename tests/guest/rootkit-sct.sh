# SPDX-License-Identifier: GPL-2.0
# vedkit technique "sct": sys_call_table[__NR_kill] replaced by vedkit's
# handler (kill(any, 64) would make the caller root).  On kernels that
# dispatch 64-bit syscalls through the x64_sys_call() switch the table is no
# longer used: the patch is real but inert.  The table entry is read from
# /proc/kcore before and after insmod (and vedkit's sct_kill view is checked
# against it); vedkit counts the calls through its table entry.
. /tests/lib/guest.sh

ksym() { awk -v s="$1" '$3 == s { print $1; exit }' /proc/kallsyms; }
# kill -64 as uid 1000, then the shell's own effective uid as the kernel
# shows it, read with shell builtins only: busybox applets run by the shell
# would re-apply the uid busybox cached at its start.
magic_uid() {
	as_user sh -c 'kill -64 99999
		while read -r k r e rest; do [ "$k" = Uid: ] && echo "$e"; done </proc/$$/status' \
		2>/dev/null
}
entry() { cat /sys/module/vedkit/parameters/sct_kill; }
# kread HEXADDR: the 8-byte word at kernel virtual address HEXADDR (no 0x),
# read from /proc/kcore (an ELF core file of the live kernel), as 16 hex
# digits.  Independent of vedkit.  Addresses above 2^63 wrap around in the
# shell's signed arithmetic, which leaves differences between them exact.
kread() {
	k=/proc/kcore
	a=$((0x$1))
	phoff=$(od -A n -t u8 -j 32 -N 8 $k)
	phnum=$(od -A n -t u2 -j 56 -N 2 $k)
	i=0
	while [ "$i" -lt "$phnum" ]; do
		ph=$((phoff + i * 56))
		set -- $(od -A n -t x8 -j $((ph + 8)) -N 16 $k) $(od -A n -t u8 -j $((ph + 40)) -N 8 $k)
		d=$((a - 0x$2))
		if [ "$d" -ge 0 ] && [ "$d" -lt "$3" ]; then
			od -A n -t x8 -j $((0x$1 + d)) -N 8 $k | tr -d ' '
			return
		fi
		i=$((i + 1))
	done
	return 1
}

uid=$(magic_uid)
expect rootkit-sct-before "before insmod, kill -64 as uid 1000 leaves uid $uid" [ "$uid" = 1000 ]
# sys_call_table[__NR_kill] (62) through /proc/kcore.
slot=$(printf '%x' $((0x$(ksym sys_call_table) + 62 * 8)))
orig=$(kread "$slot")
expect rootkit-sct-table-before "/proc/kcore: unpatched sys_call_table[62] = __x64_sys_kill ($orig)" \
	[ -n "$orig" -a "$orig" = "$(ksym __x64_sys_kill)" ]

expect rootkit-sct-load "vedkit techniques=sct loads" load_module vedkit techniques=sct
now=$(kread "$slot")
expect rootkit-sct-patched "/proc/kcore: sys_call_table[62] now holds vk_sct_kill ($orig -> $now)" \
	[ -n "$now" -a "$now" = "$(ksym vk_sct_kill)" -a "$now" != "$orig" ]
expect rootkit-sct-knob "vedkit's sct_kill view agrees ($(entry))" [ "$(entry)" = "$now" ]
uid=$(magic_uid)
if [ "$uid" = 0 ]; then
	pass rootkit-sct-after "works on this kernel: kill -64 as uid 1000 gives uid 0"
elif [ "$uid" = 1000 ] && [ -n "$(ksym x64_sys_call)" ]; then
	pass rootkit-sct-after "inert on this kernel: syscalls dispatched by x64_sys_call (table entry patched, kill -64 as uid 1000 still leaves uid 1000)"
else
	fail rootkit-sct-after "kill -64 as uid 1000 gave uid '$uid'"
fi
# vedkit counts the calls through the patched entry: none.
rmmod vedkit
calls=$(dmesg | sed -n 's/.*sys_call_table hook called \([0-9]*\) times.*/\1/p' | tail -1)
if [ "$uid" = 1000 ]; then
	expect rootkit-sct-calls "the patched table entry was never called ($calls calls)" [ "$calls" = 0 ]
fi

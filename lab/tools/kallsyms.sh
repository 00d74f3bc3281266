#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kallsyms.sh KREL OUT: record the symbol table of Debian kernel KREL as
# offsets from _text, the way an exploit writer studies their own copy of the
# target kernel.  Debian's /boot/System.map is a stub (the real one is in the
# huge -dbg package), so one throw-away guest boots as root and prints
# /proc/kallsyms.  KASLR does not matter: only offsets are kept.
set -eu
krel=$1 out=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/bin" "$work/root/proc"
cp /bin/busybox "$work/root/bin/"
cat > "$work/root/init" <<'EOF_INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
echo; echo KSYMS-BEGIN
grep -v '\[' /proc/kallsyms | gzip -1 | base64
echo KSYMS-END
sync; sleep 1; poweroff -f
EOF_INIT
chmod 755 "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$work/initrd"
timeout 180 qemu-system-x86_64 -accel tcg -cpu max -m 512 -nographic -no-reboot \
	-monitor none -serial stdio -display none \
	-kernel "/boot/vmlinuz-$krel" -initrd "$work/initrd" \
	-append "console=ttyS0 quiet panic=-1" </dev/null >"$work/log" 2>&1 || true
tr -d '\r' <"$work/log" | sed -n '/KSYMS-BEGIN$/,/^KSYMS-END/p' | sed '1d;$d' |
	base64 -d | gunzip | python3 -c '
import sys
rows = [line.split()[:3] for line in sys.stdin]
base = next((int(a, 16) for a, _, n in rows if n == "_text"), None)
if base is None:
    sys.exit("kallsyms.sh: no _text in the dump")
for a, t, n in rows:
    if int(a, 16) >= base:
        print("%x %s %s" % (int(a, 16) - base, t, n))
' >"$out.tmp"
mv "$out.tmp" "$out"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mkinitramfs.sh KREL OUT: the guest's root file system for kernel KREL:
# busybox, /init, a root and an unprivileged user (uid 1000), ved's
# binaries, the modules built for KREL, the lab's programs and target
# profile, and the scenario scripts.
set -eu
krel=$1 out=$2
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
root=$build/initramfs/$krel
rm -rf "$root"
mkdir -p "$root"/bin "$root"/sbin "$root"/etc "$root"/proc "$root"/sys "$root"/dev \
	"$root"/tmp "$root"/run "$root"/root "$root"/home/user "$root"/lib/modules/ved \
	"$root"/opt/lab/bin "$root"/opt/ved/bin "$root"/tests
cp /bin/busybox "$root"/bin/busybox
cp "$build"/guest/bin/* "$root"/bin/
cp "$top"/guest/init "$root"/init
chmod 755 "$root"/init
cat > "$root"/etc/passwd <<PW
root:x:0:0:root:/root:/bin/sh
user:x:1000:1000:unprivileged test user:/home/user:/bin/sh
PW
cat > "$root"/etc/group <<GR
root:x:0:
user:x:1000:
GR
chmod 1777 "$root"/tmp

# Kernel modules built for this release.
find "$build/kmod/$krel" -name '*.ko' -exec cp {} "$root"/lib/modules/ved/ \; 2>/dev/null || true
# Lab programs, ved's user-space tools, lab target profile.
for d in "$build"/lab/bin "$build"/ved/bin; do
	[ -d "$d" ] || continue
	case $d in */lab/bin) dst=opt/lab/bin ;; *) dst=opt/ved/bin ;; esac
	cp -a "$d"/. "$root/$dst"/
done
if [ -f "$build/profiles/$krel" ]; then
	mkdir -p "$root"/opt/lab/profiles
	cp "$build/profiles/$krel" "$root"/opt/lab/profiles/"$krel"
	chmod 644 "$root"/opt/lab/profiles/"$krel"
fi
if [ -d "$build/lab/policy" ]; then
	mkdir -p "$root"/opt/lab/policy
	cp "$build"/lab/policy/*.bin "$root"/opt/lab/policy/
fi
cp -a "$top"/tests/guest "$top"/tests/lib "$root"/tests/
# Non-test guest scripts: the demo and the benchmarks.
for d in guest/scenarios bench/guest; do
	[ -d "$top/$d" ] || continue
	mkdir -p "$root/$d"
	cp -a "$top/$d"/. "$root/$d"/
done

# Extra host files, one list per component ($build/guest/extra/NAME.list,
# written by that component's build): each line is "HOSTPATH" (copied to
# the same path in the guest) or "HOSTPATH GUESTPATH"; "#" starts a
# comment.  A dynamically linked ELF file brings the shared libraries ldd
# names for it and the dynamic loader, each to its own path.
extra_copy() {	# extra_copy SRC DST
	mkdir -p "$root$(dirname "$2")"
	cp -L "$1" "$root$2"
}
extra_libs() {	# extra_libs ELF: print its shared libraries and loader
	ldd "$1" 2>/dev/null | awk '/=> \// { print $3 } /^[ \t]*\/[^ ]*ld-linux/ { print $1 }' || true
}
for list in "$build"/guest/extra/*.list; do
	[ -f "$list" ] || continue
	while read -r src dst; do
		case $src in ''|'#'*) continue ;; esac
		[ -e "$src" ] || { echo "mkinitramfs: $list: $src: missing" >&2; exit 1; }
		extra_copy "$src" "${dst:-$src}"
		[ "$(head -c 4 "$src" | tail -c 3)" = ELF ] || continue
		for lib in $(extra_libs "$src"); do
			[ -e "$root$lib" ] || extra_copy "$lib" "$lib"
		done
	done <"$list"
done

(cd "$root" && find . | cpio -o -H newc --owner=+0:+0 --quiet) | gzip -1 -n > "$out.tmp"
mv "$out.tmp" "$out"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make install / make uninstall into a staging directory (DESTDIR): the
# binaries, man pages (rendered without warnings), systemd unit, sysctl.d,
# modules-load.d and the DKMS source tree are where they belong; PREFIX is
# honoured; an administrator's vedd.yaml survives a reinstall; uninstall
# removes everything but that configuration.  Nothing outside the staging
# directory is touched (DESTDIR never runs dkms).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
export BUILD=${BUILD:-$top/build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else nok "$what"; fi; }

version=$(sed -n 's/^#define VED_VERSION[[:space:]]*"\(.*\)"/\1/p' "$top"/module/*.h "$top"/module/*.c | head -1)
echo "1..19"

d=$tmp/stage
if make -s -C "$top" install DESTDIR="$d" >"$tmp/install.log" 2>&1; then
	ok "make install DESTDIR=... (version $version)"
else
	nok "make install DESTDIR=... failed: $(tail -5 "$tmp/install.log" | tr '\n' ' ')"
fi
p=$d/usr/local
check "vedctl in PREFIX/sbin, static, runs" \
	sh -c "[ -x '$p/sbin/vedctl' ] && '$p/sbin/vedctl' version | grep -q '^vedctl $version' && ! ldd '$p/sbin/vedctl' >/dev/null 2>&1"
if [ -x "$BUILD/ved/bin/vedd" ]; then
	check "vedd in PREFIX/sbin" test -x "$p/sbin/vedd"
else
	ok "vedd in PREFIX/sbin # SKIP vedd not built"
fi
pages=$(cd "$top/man" && ls *.[1-8])
ok_pages=1
for m in $pages; do
	f=$p/share/man/man${m##*.}/$m
	[ -f "$f" ] || { ok_pages=0; echo "# missing $f"; continue; }
	warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$f" 2>&1 >/dev/null)
	[ -z "$warn" ] || { ok_pages=0; echo "# $m: $warn"; }
	MANWIDTH=80 man -l "$f" 2>/dev/null | grep -q '^NAME' || { ok_pages=0; echo "# $m does not render"; }
done
check "man pages installed and rendered by man -l without warnings: $(echo $pages)" [ $ok_pages = 1 ]
check "vedctl.8 documents every subcommand and exit status 0-4" \
	sh -c "MANWIDTH=200 man -l '$p/share/man/man8/vedctl.8' 2>/dev/null | tr -s ' ' >'$tmp/man.txt' && for c in status set lock events version audit scan; do grep -q \"^ *\$c\" '$tmp/man.txt' || exit 1; done && for s in 0 1 2 3 4; do grep -q \"^ *\$s *\$\" '$tmp/man.txt' || grep -q \"^ *\$s \" '$tmp/man.txt' || exit 1; done"
check "systemd unit, ExecStart at PREFIX/sbin/vedd" \
	grep -q "^ExecStart=/usr/local/sbin/vedd " "$p/lib/systemd/system/vedd.service"
check "sysctl.d/60-ved.conf" grep -q 'ved.profile' "$p/lib/sysctl.d/60-ved.conf"
check "modules-load.d/ved.conf loads ved" grep -qx 'ved' "$p/lib/modules-load.d/ved.conf"
check "vedd configuration in /etc/vedd" test -f "$d/etc/vedd/vedd.yaml"
s=$d/usr/src/ved-$version
check "DKMS tree /usr/src/ved-$version: dkms.conf names ved $version" \
	sh -c "grep -qx 'PACKAGE_NAME=\"ved\"' '$s/dkms.conf' && grep -qx 'PACKAGE_VERSION=\"$version\"' '$s/dkms.conf' && grep -q '^AUTOINSTALL=\"yes\"' '$s/dkms.conf'"
check "DKMS tree has module/, include/uapi/ved.h and lib/" \
	sh -c "[ -f '$s/module/Kbuild' ] && [ -f '$s/include/uapi/ved.h' ] && [ -f '$s/lib/vedevent.c' ]"
# Every object the Kbuild names has its source in the tree (lib/X.o from lib/).
missing=
for o in $(sed -n 's/^ved-y *[:+]*= *//p' "$s/module/Kbuild" | tr ' ' '\n' | grep '\.o$'); do
	c=${o%.o}.c
	case $c in lib/*) [ -f "$s/$c" ] || missing="$missing $c" ;; *) [ -f "$s/module/$c" ] || missing="$missing $c" ;; esac
done
check "every object in the Kbuild has its source in the DKMS tree${missing:+ (missing:$missing)}" [ -z "$missing" ]
check "no build output in the DKMS tree" \
	sh -c "! find '$s' -name '*.o' -o -name '*.ko' -o -name '*.cmd' | grep -q ."

# A changed configuration survives a reinstall.
echo "# local change" >>"$d/etc/vedd/vedd.yaml"
make -s -C "$top" install DESTDIR="$d" >"$tmp/install2.log" 2>&1
check "reinstall keeps an edited /etc/vedd/vedd.yaml" grep -q '^# local change' "$d/etc/vedd/vedd.yaml"

if make -s -C "$top" uninstall DESTDIR="$d" >"$tmp/uninstall.log" 2>&1; then
	ok "make uninstall DESTDIR=..."
else
	nok "make uninstall DESTDIR=... failed: $(tail -3 "$tmp/uninstall.log" | tr '\n' ' ')"
fi
left=$(cd "$d" && find . \( -type f -o -type l \) ! -path ./etc/vedd/vedd.yaml | sort | tr '\n' ' ')
check "uninstall removes every file but the vedd configuration${left:+ (left: $left)}" [ -z "$left" ]

# PREFIX=/usr: the distribution layout.
d2=$tmp/usr
make -s -C "$top" install DESTDIR="$d2" PREFIX=/usr >"$tmp/install3.log" 2>&1
check "PREFIX=/usr: /usr/sbin/vedctl, /usr/share/man/man8, /usr/lib/{systemd/system,sysctl.d,modules-load.d}" \
	sh -c "[ -x '$d2/usr/sbin/vedctl' ] && [ -f '$d2/usr/share/man/man8/vedctl.8' ] && [ -f '$d2/usr/lib/sysctl.d/60-ved.conf' ] && [ -f '$d2/usr/lib/modules-load.d/ved.conf' ] && grep -q '^ExecStart=/usr/sbin/vedd ' '$d2/usr/lib/systemd/system/vedd.service'"
check "PREFIX=/usr: the DKMS tree is still in /usr/src" test -f "$d2/usr/src/ved-$version/dkms.conf"
make -s -C "$top" uninstall DESTDIR="$d2" PREFIX=/usr >/dev/null 2>&1
left=$(cd "$d2" && find . \( -type f -o -type l \) ! -path ./etc/vedd/vedd.yaml | sort | tr '\n' ' ')
check "PREFIX=/usr: uninstall removes them${left:+ (left: $left)}" [ -z "$left" ]

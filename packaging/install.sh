#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# install.sh install|uninstall|list: ved's installation, run by `make install`
# and `make uninstall` (also usable on its own, after `make user`).
#
#   binaries      $PREFIX/sbin/vedctl, $PREFIX/sbin/vedd (when built)
#   man pages     $PREFIX/share/man/man8/vedctl*.8 (man/*.[1-8])
#   module        /usr/src/ved-VERSION: DKMS source tree (dkms.conf, module/,
#                 include/, lib/), registered and built for every kernel that
#                 has headers when DESTDIR is empty and dkms is installed
#   systemd       $UNITDIR/vedd.service (vedd/vedd.service, binary path fixed)
#   vedd config   $SYSCONFDIR/vedd/vedd.yaml (never overwritten)
#   sysctl.d      $SYSCTLDIR/60-ved.conf
#   modules-load  $MODLOADDIR/ved.conf
#
# Variables (environment): DESTDIR (staging root; nothing outside it is
# touched, DKMS is not run), PREFIX (/usr/local), SBINDIR, MANDIR, UNITDIR,
# SYSCTLDIR, MODLOADDIR, SYSCONFDIR (/etc), DKMS_SRC (/usr/src), BUILD
# (where `make` put the binaries), DKMS (dkms command; DKMS=none skips it).
# PREFIX's lib directories are read by systemd for /usr and /usr/local.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
action=${1:-}

DESTDIR=${DESTDIR:-}
PREFIX=${PREFIX:-/usr/local}
SBINDIR=${SBINDIR:-$PREFIX/sbin}
MANDIR=${MANDIR:-$PREFIX/share/man}
UNITDIR=${UNITDIR:-$PREFIX/lib/systemd/system}
SYSCTLDIR=${SYSCTLDIR:-$PREFIX/lib/sysctl.d}
MODLOADDIR=${MODLOADDIR:-$PREFIX/lib/modules-load.d}
SYSCONFDIR=${SYSCONFDIR:-/etc}
DKMS_SRC=${DKMS_SRC:-/usr/src}
BUILD=${BUILD:-$top/build}
DKMS=${DKMS:-dkms}

version=$(sed -n 's/^#define VED_VERSION[[:space:]]*"\(.*\)"/\1/p' "$top"/module/*.h "$top"/module/*.c | head -1)
[ -n "$version" ] || { echo "install.sh: no VED_VERSION in module/" >&2; exit 1; }
dkms_dir=$DKMS_SRC/ved-$version

say() { echo "  $*"; }

# inst MODE SRC DST: copy one file (DST is the full path below DESTDIR).
inst() {
	mkdir -p "$DESTDIR$(dirname "$3")"
	install -m "$1" "$2" "$DESTDIR$3"
	say "INSTALL $3"
}

man_pages() {
	for m in "$top"/man/*.[1-8]; do [ -f "$m" ] && echo "$m"; done
}

# The unit's binary path follows SBINDIR (the file names /usr/sbin/vedd).
install_unit() {
	src=$top/vedd/vedd.service
	[ -f "$src" ] || src=$top/packaging/vedd.service
	[ -f "$src" ] || return 0
	mkdir -p "$DESTDIR$UNITDIR"
	sed "s|/usr/sbin/vedd|$SBINDIR/vedd|g" "$src" >"$DESTDIR$UNITDIR/vedd.service"
	chmod 644 "$DESTDIR$UNITDIR/vedd.service"
	say "INSTALL $UNITDIR/vedd.service"
}

install_dkms_tree() {
	d=$DESTDIR$dkms_dir
	rm -rf "$d"
	mkdir -p "$d/module" "$d/include/uapi" "$d/lib"
	# Sources only: build output of an in-tree build never comes along.
	for f in "$top"/module/Kbuild "$top"/module/Makefile "$top"/module/*.c "$top"/module/*.h; do
		[ -f "$f" ] && install -m 644 "$f" "$d/module/"
	done
	install -m 644 "$top"/include/uapi/*.h "$d/include/uapi/"
	install -m 644 "$top"/lib/*.c "$top"/lib/*.h "$d/lib/"
	sed "s/@VERSION@/$version/g" "$top/packaging/dkms.conf.in" >"$d/dkms.conf"
	chmod 644 "$d/dkms.conf"
	say "INSTALL $dkms_dir (DKMS source tree)"
}

# Kernels that can build modules: those with headers.
kernels() {
	for b in /lib/modules/*/build; do
		[ -d "$b" ] && basename "$(dirname "$b")"
	done
	return 0
}

use_dkms() {
	[ -z "$DESTDIR" ] && [ "$DKMS" != none ] && command -v "$DKMS" >/dev/null 2>&1
}

dkms_register() {
	if ! use_dkms; then
		[ -n "$DESTDIR" ] || echo "install.sh: dkms not found: install it (apt-get install dkms), then run 'dkms install ved/$version'" >&2
		return 0
	fi
	"$DKMS" remove "ved/$version" --all >/dev/null 2>&1 || true
	"$DKMS" add "ved/$version"
	for k in $(kernels); do
		say "DKMS    ved/$version for $k"
		"$DKMS" install "ved/$version" -k "$k" || echo "install.sh: DKMS build for $k failed (see /var/lib/dkms/ved/$version/build/make.log)" >&2
	done
}

dkms_unregister() {
	use_dkms || return 0
	if "$DKMS" status -m ved -v "$version" 2>/dev/null | grep -q .; then
		say "DKMS    remove ved/$version"
		"$DKMS" remove "ved/$version" --all || true
	fi
}

vedd_user() {
	[ -z "$DESTDIR" ] && [ -x "$DESTDIR$SBINDIR/vedd" ] || return 0
	id vedd >/dev/null 2>&1 && return 0
	command -v useradd >/dev/null 2>&1 || return 0
	useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin vedd
	say "USER    vedd (system user for vedd.service)"
}

do_install() {
	[ -x "$BUILD/ved/bin/vedctl" ] || { echo "install.sh: $BUILD/ved/bin/vedctl missing: run make first" >&2; exit 1; }
	inst 755 "$BUILD/ved/bin/vedctl" "$SBINDIR/vedctl"
	[ -x "$BUILD/ved/bin/vedd" ] && inst 755 "$BUILD/ved/bin/vedd" "$SBINDIR/vedd"
	for m in $(man_pages); do
		n=$(basename "$m")
		inst 644 "$m" "$MANDIR/man${n##*.}/$n"
	done
	install_unit
	if [ -f "$top/vedd/vedd.yaml" ]; then
		if [ -e "$DESTDIR$SYSCONFDIR/vedd/vedd.yaml" ]; then
			say "KEEP    $SYSCONFDIR/vedd/vedd.yaml (exists)"
		else
			inst 640 "$top/vedd/vedd.yaml" "$SYSCONFDIR/vedd/vedd.yaml"
		fi
	fi
	inst 644 "$top/packaging/60-ved.conf" "$SYSCTLDIR/60-ved.conf"
	inst 644 "$top/packaging/modules-load.conf" "$MODLOADDIR/ved.conf"
	install_dkms_tree
	vedd_user
	dkms_register
	if [ -z "$DESTDIR" ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
		systemctl daemon-reload || true
	fi
}

# Every installed path (below DESTDIR), for uninstall and tests.
do_list() {
	echo "$SBINDIR/vedctl"
	echo "$SBINDIR/vedd"
	for m in $(man_pages); do
		n=$(basename "$m")
		echo "$MANDIR/man${n##*.}/$n"
	done
	echo "$UNITDIR/vedd.service"
	echo "$SYSCTLDIR/60-ved.conf"
	echo "$MODLOADDIR/ved.conf"
	echo "$dkms_dir"
}

do_uninstall() {
	dkms_unregister
	for p in $(do_list); do
		if [ -e "$DESTDIR$p" ] || [ -L "$DESTDIR$p" ]; then
			rm -rf "$DESTDIR$p"
			say "REMOVE  $p"
		fi
	done
	# The vedd configuration is the administrator's: left in place.
	[ -e "$DESTDIR$SYSCONFDIR/vedd/vedd.yaml" ] && say "KEEP    $SYSCONFDIR/vedd/vedd.yaml (remove by hand)"
	if [ -z "$DESTDIR" ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
		systemctl daemon-reload || true
	fi
	return 0
}

case $action in
install) do_install ;;
uninstall) do_uninstall ;;
list) do_list ;;
version) echo "$version" ;;
*) echo "usage: install.sh install|uninstall|list|version" >&2; exit 2 ;;
esac

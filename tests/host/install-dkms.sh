#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The DKMS package that `make install` lays out in /usr/src/ved-VERSION,
# really added and built by dkms for every guest kernel installed here
# (scripts/kernels.sh), each in its own temporary DKMS tree (--dkmstree,
# --sourcetree), in parallel.  The module that comes out is ved VERSION
# for that kernel.  The host is left alone: dkms runs in a private mount
# namespace where /etc/dkms (no module signing, so no MOK key is made) and
# /var/lib/dkms are temporary directories, nothing is installed
# (/lib/modules/KREL is unchanged), and the trees are removed at the end.
# Takes a minute or two.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); echo "not ok $n - $*"; }

kernels=$("$top/scripts/kernels.sh")
nk=$(echo "$kernels" | grep -c .)
echo "1..$((2 + 4 * nk))"
if ! command -v dkms >/dev/null 2>&1; then
	nok "dkms is installed (apt-get install dkms; scripts/deps.sh)"
	exit 0
fi
version=$(DESTDIR=$tmp/stage "$top/packaging/install.sh" version)
stage=$tmp/stage
if DESTDIR=$stage DKMS_SRC=/src BUILD=${BUILD:-$top/build} "$top/packaging/install.sh" install >"$tmp/install.log" 2>&1 ||
	{ # without built binaries: the module tree alone
	  mkdir -p "$tmp/fakebuild/ved/bin" && cp /bin/true "$tmp/fakebuild/ved/bin/vedctl" &&
	  DESTDIR=$stage DKMS_SRC=/src BUILD=$tmp/fakebuild "$top/packaging/install.sh" install >"$tmp/install.log" 2>&1; }; then
	ok "DKMS source tree staged: ved-$version ($(dkms --version 2>/dev/null))"
else
	nok "staging failed: $(tail -3 "$tmp/install.log" | tr '\n' ' ')"
	exit 0
fi
mkdir -p "$tmp/etc-dkms" "$tmp/var-dkms"
echo 'sign_file="/nonexistent/sign-file"' >"$tmp/etc-dkms/framework.conf"

# In a private mount namespace when we can make one; else as is, and any
# MOK key dkms creates in /var/lib/dkms is removed again below.
private=1
unshare -m true 2>/dev/null || private=0
mok_before=$(ls /var/lib/dkms/mok.* 2>/dev/null)

run_dkms() {	# run_dkms KREL: add + build in KREL's own tree; log in $tmp/KREL.log
	local k=$1 tree=$tmp/tree-$1
	local cmd="dkms add --dkmstree '$tree' --sourcetree '$stage/src' -m ved -v '$version' &&
		dkms build --dkmstree '$tree' --sourcetree '$stage/src' -m ved -v '$version' -k '$k'"
	mkdir -p "$tree"
	if [ $private = 1 ]; then
		unshare -m sh -c "mount --bind '$tmp/etc-dkms' /etc/dkms && mount --bind '$tmp/var-dkms' /var/lib/dkms && $cmd"
	else
		sh -c "$cmd"
	fi >"$tmp/$k.log" 2>&1
}

stamp=$tmp/stamp
touch "$stamp"
sleep 1
start=$(date +%s)
pids=()
for k in $kernels; do
	run_dkms "$k" &
	pids+=($!)
done
rcs=()
for p in "${pids[@]}"; do wait "$p"; rcs+=($?); done
secs=$(($(date +%s) - start))

i=0
for k in $kernels; do
	rc=${rcs[$i]}; i=$((i + 1))
	if [ "$rc" = 0 ]; then
		ok "dkms add + build ved/$version -k $k (${secs}s for all kernels)"
	else
		nok "dkms build for $k: exit $rc: $(grep -a -m3 -E 'error|Error' "$tmp/$k.log" "$tmp/tree-$k"/ved/*/build/make.log 2>/dev/null | tr '\n' ' ' | cut -c1-400)"
	fi
	ko=$(find "$tmp/tree-$k/ved/$version/$k" -name 'ved.ko*' 2>/dev/null | head -1)
	if [ -n "$ko" ]; then
		ok "built module kept by dkms: ${ko#$tmp/}"
	else
		nok "no ved.ko in the DKMS tree for $k"
	fi
	info=$(modinfo "$ko" 2>/dev/null)
	if [ "$(echo "$info" | awk '$1 == "version:" { print $2 }')" = "$version" ] &&
	   [ "$(echo "$info" | awk '$1 == "vermagic:" { print $2 }')" = "$k" ]; then
		ok "the module is ved $version for $k"
	else
		nok "modinfo of the built module: $(echo "$info" | grep -E '^(version|vermagic)' | tr '\n' ' ')"
	fi
	changed=$(find "/lib/modules/$k" -newer "$stamp" -not -path "/lib/modules/$k/build*" -not -path "/lib/modules/$k/source*" 2>/dev/null | head -3)
	if [ -z "$changed" ]; then
		ok "/lib/modules/$k untouched"
	else
		nok "/lib/modules/$k changed: $changed"
	fi
done

# Unregister (dkms remove) in each tree, then drop the trees.
for k in $kernels; do
	tree=$tmp/tree-$k
	cmd="dkms remove --dkmstree '$tree' --sourcetree '$stage/src' -m ved -v '$version' --all"
	if [ $private = 1 ]; then
		unshare -m sh -c "mount --bind '$tmp/etc-dkms' /etc/dkms && mount --bind '$tmp/var-dkms' /var/lib/dkms && $cmd"
	else
		sh -c "$cmd"
	fi >>"$tmp/$k.log" 2>&1
done
left=
for k in $kernels; do
	[ -e "$tmp/tree-$k/ved/$version" ] && left="$left $k"
done
if [ $private = 0 ] && [ -z "$mok_before" ]; then
	rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
fi
if [ -z "$left" ]; then
	ok "dkms remove --all unregisters ved/$version from every tree"
else
	nok "still registered after dkms remove:$left"
fi

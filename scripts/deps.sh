#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Install every Debian package that ved's build, guest and tests need.
# Idempotent: packages already installed are left alone, and apt is only
# asked when something is missing.
set -eu

PACKAGES="
	build-essential make gcc libc6-dev pkg-config python3 python3-capstone
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	linux-image-cloud-amd64 linux-headers-cloud-amd64
	linux-image-rt-amd64 linux-headers-rt-amd64
	linux-image-6.12-cloud-amd64 linux-headers-6.12-cloud-amd64
	linux-image-6.12-rt-amd64 linux-headers-6.12-rt-amd64
	libelf-dev bc kmod dwarves
	qemu-system-x86 busybox-static cpio gzip xz-utils zstd
	libcmocka-dev libjansson-dev libyaml-dev zlib1g-dev
	apparmor clang libclang-rt-14-dev dkms
	libbpf-dev bpftool
	libssl-dev openssl rsyslog rsyslog-gnutls
"

missing=
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed'; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	echo "deps: everything is installed"
	exit 0
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing

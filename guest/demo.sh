#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# demo.sh [KERNEL-SERIES]: boot a guest, attack it without and with ved, and
# show ved's alerts.  Default kernel: the newest installed Debian kernel.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
krel=$("$top/scripts/kernels.sh" ${1:-} | tail -1)
[ -n "$krel" ] || { echo "demo: no guest kernel installed (make deps)"; exit 1; }
echo "demo: booting $krel under QEMU (TCG); this takes about a minute..."
VED_CONSOLE=1 "$top/guest/run.sh" "$krel" guest/scenarios/demo.sh |
	grep -a -v -E '^\[ *[0-9]+\.[0-9]+\]|^VEDTEST: (BOOT|EXIT|DONE|PASS)' | tr -d '\r'

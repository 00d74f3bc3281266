#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# build-kmod.sh SRCDIR KREL OUTDIR: build the out-of-tree module in SRCDIR
# against kernel release KREL.  Kbuild writes next to its sources, so the
# sources are mirrored into OUTDIR first: build output never lands in git.
set -eu
src=$1 krel=$2 out=$3
mkdir -p "$out"
# Mirror the sources, plus the pure code shared with user space (lib/),
# which a module's Kbuild may list as lib/NAME.o.
top=$(cd "$(dirname "$0")/.." && pwd)
cp -a "$src"/. "$out"/
mkdir -p "$out/lib"
cp -a "$top"/lib/*.[ch] "$out/lib/"
make -s -C "/lib/modules/$krel/build" M="$(cd "$out" && pwd)" \
	VED_SRC="$(cd "$src" && pwd)" VED_TOP="$(cd "$(dirname "$0")/.." && pwd)" modules

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Malformed inputs: vedctl audit must exit 2 with "FILE[:LINE]: problem",
# never crash.  Runs the ASan/UBSan build so memory errors abort loudly.
set -u
here=$(cd "$(dirname "$0")" && pwd)
fix=$here/../fixtures/khc
vedctl=${BUILD:?BUILD not set}/vedctl/vedctl-asan
[ -x "$vedctl" ] || vedctl=$BUILD/ved/bin/vedctl
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
head -c 65536 /dev/urandom >"$tmp/random"
printf 'CONFIG_A=y\nthis is not a config\n' >"$tmp/badline.config"
printf 'CONFIG_A=y\nCONFIG_A=n\n' >"$tmp/dup.config"
printf '\x1f\x8b\x08\x00garbage-not-really-gzip' >"$tmp/broken.gz"
gzip -c "$fix/debian12-6.1.config" | head -c 20000 >"$tmp/truncated.gz"
: >"$tmp/empty"
printf 'kernel.printk = 4\nrubbish\n' >"$tmp/bad.sysctl"
printf 'ro quiet\nsecond line\n' >"$tmp/two.cmdline"
awk 'BEGIN { s = "CONFIG_LONG="; for (i = 0; i < 20000; i++) s = s "x"; print s }' >"$tmp/long.config"
printf 'CONFIG_VT\n' >"$tmp/noreason.mute"
n=0
expect_error() {	# expect_error DESCRIPTION PATTERN ARGS...
	local desc=$1 pattern=$2; shift 2
	n=$((n + 1))
	local err rc
	err=$("$vedctl" audit "$@" 2>&1 >/dev/null); rc=$?
	if [ $rc -eq 2 ] && grep -qE "$pattern" <<<"$err" && ! grep -q "Sanitizer" <<<"$err"; then
		echo "ok $n - $desc: $(head -1 <<<"$err")"
	else
		echo "not ok $n - $desc: exit $rc, stderr: $(head -3 <<<"$err")"
	fi
}
echo "1..12"
expect_error "random bytes as config" "random:[0-9]+: " --config "$tmp/random"
expect_error "random bytes as cmdline" "random(:[0-9]+)?: " --cmdline "$tmp/random"
expect_error "random bytes as sysctl" "random:[0-9]+: " --sysctl "$tmp/random"
expect_error "bad config line" "badline.config:2: " --config "$tmp/badline.config"
expect_error "duplicate config option" "dup.config:2: .*more than once" --config "$tmp/dup.config"
expect_error "broken gzip" "broken.gz" --config "$tmp/broken.gz"
expect_error "truncated gzip" "truncated.gz" --config "$tmp/truncated.gz"
expect_error "empty config" "empty: no CONFIG_" --config "$tmp/empty"
expect_error "bad sysctl line" "bad.sysctl:2: " --sysctl "$tmp/bad.sysctl"
expect_error "two-line cmdline" "two.cmdline:2: " --cmdline "$tmp/two.cmdline"
expect_error "over-long config line" "long.config:1: " --config "$tmp/long.config"
expect_error "mute without reason" "noreason.mute:1: .*no reason" --config "$fix/debian12-6.1.config" --mute-file "$tmp/noreason.mute"

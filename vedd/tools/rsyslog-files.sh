#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# rsyslog-files.sh: the host files a busybox guest needs to run Debian's
# rsyslogd with TCP and TLS input (imtcp + the gtls stream driver): the
# binary, the modules, and every shared library they load (ldd), plus the
# dynamic loader.  One absolute path per line, for an initramfs builder to
# copy to the same path (see vedd/README.md, "rsyslog in the guest").
set -eu
rsyslogd=$(command -v rsyslogd 2>/dev/null || echo /usr/sbin/rsyslogd)
[ -x "$rsyslogd" ] || { echo "rsyslog-files.sh: rsyslogd not installed" >&2; exit 1; }
moddir=$(dirname "$(dpkg -L rsyslog 2>/dev/null | grep '/imtcp.so$' | head -1)")
[ -d "$moddir" ] || moddir=/usr/lib/x86_64-linux-gnu/rsyslog
mods="imtcp imudp lmtcpsrv lmnetstrms lmnsd_ptcp lmnsd_gtls lmnet lmregexp"
{
	echo "$rsyslogd"
	for m in $mods; do [ -f "$moddir/$m.so" ] && echo "$moddir/$m.so"; done
	for f in "$rsyslogd" $(for m in $mods; do echo "$moddir/$m.so"; done); do
		[ -f "$f" ] && ldd "$f" | awk '/=> \// { print $3 } /^\t\/[^ ]*ld-linux/ { print $1 }'
	done
} | sort -u

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# rsyslog-guest.sh BUILD: what the guest needs to run Debian's rsyslogd as
# a TLS and TCP receiver for tests/guest/vedd-rsyslog.sh:
#   BUILD/vedd/test-ca/      a throw-away test CA and a server certificate
#                            for 127.0.0.1/localhost (made once, never
#                            committed, good for 30 days)
#   BUILD/guest/extra/rsyslog.list
#                            the files for guest/mkinitramfs.sh: rsyslogd,
#                            its modules (rsyslog-files.sh; the initramfs
#                            builder adds their libraries) and the
#                            certificates under /etc/vedtest/tls/
# Without rsyslogd on the host the list stays empty and the scenario says so.
set -eu
build=$1
here=$(cd "$(dirname "$0")" && pwd)
ca=$build/vedd/test-ca
list=$build/guest/extra/rsyslog.list
mkdir -p "$ca" "$(dirname "$list")"

make_ca() {
	openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=ved test CA" \
		-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
		-keyout "$ca/ca.key" -out "$ca/ca.pem" 2>/dev/null
	openssl req -newkey rsa:2048 -nodes -subj /CN=localhost \
		-keyout "$ca/server.key" -out "$ca/server.csr" 2>/dev/null
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$ca/ext.cnf"
	openssl x509 -req -in "$ca/server.csr" -CA "$ca/ca.pem" -CAkey "$ca/ca.key" \
		-CAcreateserial -days 30 -extfile "$ca/ext.cnf" -out "$ca/server.pem" 2>/dev/null
	chmod 644 "$ca/server.key"	# read by rsyslogd as root in the guest only
}
# Remake when missing or expiring within a day (builds reuse the build dir).
if ! openssl x509 -checkend 86400 -noout -in "$ca/server.pem" 2>/dev/null; then
	make_ca
fi

if files=$("$here/rsyslog-files.sh" 2>/dev/null); then
	{
		echo "# rsyslogd for tests/guest/vedd-rsyslog.sh (vedd/tools/rsyslog-guest.sh)"
		echo "$files"
		for f in ca.pem server.pem server.key; do
			echo "$ca/$f /etc/vedtest/tls/$f"
		done
	} >"$list.tmp"
else
	echo "# rsyslogd not installed on the build host (apt-get install rsyslog rsyslog-gnutls)" >"$list.tmp"
fi
mv "$list.tmp" "$list"

# guest: smp=2 timeout=300
# SPDX-License-Identifier: GPL-2.0
# An event flood nobody reads is counted, never silent: ved loaded with a
# 16 KiB buffer per CPU, 3000 refused config writes (one record each), then
# one read: the first record is DROPPED with the number lost, ved.stats.dropped
# equals it, events + dropped account for every generated record, and the
# delivered sequence numbers have exactly the gaps the DROPPED record
# explains (tests/tools/core-badio.c flood).
. /tests/lib/guest.sh
load_ved buffer_kb=16 || { fail core-flood-setup "ved did not load with buffer_kb=16"; exit 1; }
dmesg -n 1	# 3000 refusals are logged: keep the console quiet
expect core-flood-small "buffer_kb=16" [ "$(cat /sys/module/ved/parameters/buffer_kb)" = 16 ]
out=$(core-badio flood 3000); rc=$?
echo "$out"
if [ $rc -eq 0 ]; then
	pass core-flood "$(echo "$out" | grep '^ok flood: ved.stats' | sed 's/^ok flood: //')"
else
	fail core-flood "$(echo "$out" | grep '^FAIL' | head -3 | tr '\n' ';')"
fi
# Twice: the accounting holds across a second overflow too.
out=$(core-badio flood 2000); rc=$?
echo "$out"
expect core-flood-again "a second flood is accounted the same way" [ $rc -eq 0 ]
expect core-flood-total "ved.stats.dropped is the running total" \
	sh -c 'vedcat >/dev/null; [ "$(sysctl -n ved.stats.dropped)" -gt 3000 ]'

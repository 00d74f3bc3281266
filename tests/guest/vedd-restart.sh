# SPDX-License-Identifier: GPL-2.0
# vedd restarted in the middle of a flood of records loses nothing the
# kernel did not count as dropped: every sequence number up to the last is
# either in vedd's output (across both runs) or counted by a DROPPED record.
# guest: timeout=400
. /tests/lib/guest.sh
load_ved || { fail vedd-restart-setup "ved did not load"; exit 1; }
# Every config write is also a printk: keep the serial console quiet.
dmesg -n 1
VD=/tmp/vedd
mkdir -p $VD
cat >$VD/vedd.yaml <<YAML
state_dir: $VD/state
outputs:
  - type: file
    format: kv
    path: $VD/events.kv
YAML
vedd -c $VD/vedd.yaml 2>$VD/log1 &
vpid=$!
sleep 1
vedd-flood 60000 &
fpid=$!
sleep 2
kill -TERM $vpid
wait $vpid
expect vedd-restart-stop "vedd stopped cleanly in the flood" [ $? = 0 ]
sleep 1
vedd -c $VD/vedd.yaml 2>$VD/log2 &
vpid=$!
wait $fpid
expect vedd-restart-flood "the flood ran to the end" [ $? = 0 ]
sleep 3
kill -TERM $vpid
wait $vpid
cat $VD/log1 $VD/log2
lines=$(wc -l <$VD/events.kv)
expect vedd-restart-events "vedd wrote events in both runs ($lines)" [ "$lines" -gt 1000 ]
# Every seq from 1 to the last is delivered, or counted as dropped.
res=$(awk '{
	for (i = 1; i <= NF; i++) {
		if ($i ~ /^seq=/) { s = substr($i, 5) + 0; if (seen[s]++) dup++; if (s > max) max = s; got++ }
		if ($i ~ /^dropped=/) drop += substr($i, 9)
	}
} END { printf "max=%d got=%d dropped=%d dup=%d", max, got, drop, dup + 0 }' $VD/events.kv)
echo "$res"
eval "$(echo "$res" | tr ' ' '\n' | sed 's/^/r_/')"
if [ $((r_got + r_dropped)) -eq "$r_max" ] && [ "$r_dup" -eq 0 ]; then
	pass vedd-restart-lossless "seq 1..$r_max: $r_got delivered + $r_dropped counted by the kernel"
else
	fail vedd-restart-lossless "seq 1..$r_max: $r_got delivered + $r_dropped dropped, $r_dup duplicates"
fi
expect vedd-restart-accounting "the second run accounts for the gap across the restart" \
	grep -q 'unexplained=0' $VD/log2
expect vedd-restart-resumed "the second run resumed from the saved sequence number" \
	grep -q 'resuming after record' $VD/log2

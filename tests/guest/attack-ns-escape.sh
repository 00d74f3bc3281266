# SPDX-License-Identifier: GPL-2.0
# Lab attack g (container escape): uid 1000 inside new user+mount+pid
# namespaces runs a ROP chain (commit_creds + switch_task_namespaces(
# find_task_by_vpid(1), &init_nsproxy)) and gets a root shell in the initial
# user, mount and network namespaces, with KASLR, SMEP, SMAP and KPTI on.
# (The shell stays pid 1 of the container's pid namespace: a task's pid
# namespace is fixed, see lab/exploits/ns-escape.c.)
. /tests/lib/guest.sh
load_lab || { fail attack-ns-escape "vedlab did not load"; exit 1; }
# What the initial namespaces look like, recorded by root before the attack.
want="0 $(readlink /proc/1/ns/mnt) $(readlink /proc/1/ns/user) $(readlink /proc/1/ns/net)"
out=$(as_user ns-escape 'echo "$(id -u) $(readlink /proc/self/ns/mnt) $(readlink /proc/self/ns/user) $(readlink /proc/self/ns/net)"' 2>&1)
echo "$out"
got=$(echo "$out" | tail -1)
if echo "$out" | grep -q '^\[\*\] in the container: pid 1 '; then
	pass attack-ns-escape-container "the attack started as pid 1 of new user/mount/pid namespaces"
else
	fail attack-ns-escape-container "the attack did not start inside new namespaces"
fi
if [ "$got" = "$want" ]; then
	pass attack-ns-escape "root shell in the initial user, mount and net namespaces ($got)"
else
	fail attack-ns-escape "got '$got', want '$want'"
fi

# SPDX-License-Identifier: GPL-2.0
# wCFI alone (every other detector off) against the ROP family: a (ROP to
# commit_creds), f (stack pivot), g (container escape), h (ROP to
# call_usermodehelper), j (return into the middle of a function).  Each is
# blocked and reported with the offending address and its nearest symbol,
# and succeeds once wCFI is off.
# guest: timeout=400
. /tests/lib/guest.sh
. /tests/lib/attacks.sh
load_lab || { fail wcfi-setup "vedlab did not load"; exit 1; }
load_ved modes=creds=off,cpu=off,umh=off,integrity=off,rootkit=off,self=off ||
	{ fail wcfi-setup "ved did not load"; exit 1; }
expect wcfi-mode "wcfi blocks, every other detector is off" \
	[ "$(sysctl -n ved.mode.wcfi) $(sysctl -n ved.mode.creds) $(sysctl -n ved.mode.umh)" = "block off off" ]

# The chains' first critical call: prepare_kernel_cred(0) exists until 6.2.
first=commit_creds
[ "$SERIES" = 6.1 ] && first=prepare_kernel_cred

# a: commit_creds is entered by a ret from the chain, not from a call site.
blocked_and_reported rop-commit-creds wcfi type=wcfi detector=wcfi action=block \
	reason=4 comm=rop-commit-cred "target_symbol=$first+0x0/*" 'address=0xffffffff*'
# f: the chain runs on a fake stack in a pipe page.
blocked_and_reported stack-pivot wcfi type=wcfi detector=wcfi action=block reason=3 symbol=-
# g: its chain also runs on a fake stack (a pipe page).
blocked_and_reported ns-escape wcfi type=wcfi detector=wcfi action=block reason=3 \
	"target_symbol=$first+0x0/*" comm=ns-escape
# h: call_usermodehelper() tail-jumps to call_usermodehelper_exec(), so the
# return address it sees is the chain's next word, which no call precedes.
blocked_and_reported rop-usermodehelper wcfi type=wcfi detector=wcfi action=block \
	'target_symbol=call_usermodehelper_exec+0x0/*' 'address=0x*' 'symbol=*'
# j: the landing site calls commit_creds for real; its own return address
# (the chain's next word) follows no call.
blocked_and_reported mid-function-return wcfi type=wcfi detector=wcfi action=block reason=1

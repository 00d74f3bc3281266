# SPDX-License-Identifier: GPL-2.0
# guest: timeout=300
# Every module load is reported with name, image size, SHA-256 of the image
# and the kernel's signature verdict; refuse_modules=1 refuses loads.
. /tests/lib/guest.sh

load_ved || { fail int-ml-setup "ved did not load"; exit 1; }
ko=/lib/modules/ved/vedbenign.ko
sum=$(sha256sum "$ko" | cut -d' ' -f1)
size=$(stat -c %s "$ko")
load_module vedbenign
events >/tmp/ev
expect_event int-ml-event "vedbenign load: size $size, sha256 of the file, unsigned" /tmp/ev \
	type=module_load detector=rootkit severity=info name=vedbenign size="$size" \
	sha256="$sum" signed=0 refused=0
rmmod vedbenign
rmmod ved
load_ved refuse_modules=1 || { fail int-ml-setup2 "ved refuse_modules=1 did not load"; exit 1; }
expect int-ml-refused "with refuse_modules=1 the load fails" sh -c "! insmod $ko 2>/dev/null"
expect int-ml-absent "and vedbenign is not loaded" sh -c '! grep -q "^vedbenign " /proc/modules'
events >/tmp/ev2
expect_event int-ml-refused-event "the refused load is reported" /tmp/ev2 \
	type=module_load name=vedbenign sha256="$sum" refused=1 action=block

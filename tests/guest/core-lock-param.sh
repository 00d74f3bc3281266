# guest: timeout=240
# SPDX-License-Identifier: GPL-2.0
# The lock=1 module parameter: locked from the start; the same checks as
# core-lock.sh (every configuration write fails with EPERM and is recorded,
# rmmod is refused).
VED_LOCK_PARAM=1
. /tests/guest/core-lock.sh

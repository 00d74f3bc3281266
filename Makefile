# SPDX-License-Identifier: GPL-2.0
# ved top-level build.  Everything lands in build/ (ignored by git).
#
#   make deps      install every Debian package the build, guest and tests need
#   make           user-space tools + every kernel module for each guest kernel
#   make test      the whole test suite (host unit tests + guest scenarios)
#   make demo      a ved-protected guest attacked, with the alerts shown
#
# KERNELS defaults to every installed Debian generic kernel (scripts/kernels.sh).

TOP     := $(abspath .)
BUILD   ?= $(TOP)/build
# sub-makes and scripts run in other directories: BUILD=build must still
# mean ./build
override BUILD := $(abspath $(BUILD))
KERNELS ?= $(shell $(TOP)/scripts/kernels.sh)
KMODS   := module lab/vuln lab/benign lab/rootkit lab/livepatch
export TOP BUILD

CC      ?= gcc
CFLAGS_COMMON := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(TOP)/include -I$(TOP)/lab/vuln
export CFLAGS_COMMON

.PHONY: all deps user kmods profiles guest test demo clean lab-programs lab-policy guest-tools

all: user kmods profiles guest

deps:
	$(TOP)/scripts/deps.sh

# User-space parts: each directory's Makefile installs its programs into
# $(BUILD)/ved/bin and its cmocka test programs into $(BUILD)/tests/bin.
USER_DIRS := $(patsubst %/Makefile,%,$(wildcard vedctl/Makefile vedd/Makefile tests/unit/Makefile tests/tools/Makefile))
user: lab-programs lab-policy guest-tools
	@for d in $(USER_DIRS); do $(MAKE) -C $$d BUILD=$(BUILD) || exit 1; done

lab-programs:
	$(MAKE) -C lab/exploits BUILD=$(BUILD)
	$(MAKE) -C tests/tools/labexp BUILD=$(BUILD)
	$(MAKE) -C lab/bpf BUILD=$(BUILD)

# Compiled AppArmor policy for the LSM attack (lab/policy).
lab-policy:
	$(MAKE) -C lab/policy BUILD=$(BUILD)

# Small static helpers the guest needs beside busybox.
guest-tools: $(BUILD)/guest/bin/runas $(BUILD)/guest/bin/vedcat
$(BUILD)/guest/bin/%: guest/tools/%.c lib/vedevent.c lib/vedevent.h include/uapi/ved.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -I$(TOP)/lib -I$(TOP)/include/uapi -static -o $@ $< lib/vedevent.c

kmods:
	@test -n "$(KERNELS)" || { echo "no Debian kernel with headers installed: run 'make deps'"; exit 1; }
	@set -e; for k in $(KERNELS); do for m in $(KMODS); do \
		if [ -f $$m/Kbuild ]; then \
			echo "  KMOD    $$m for $$k"; \
			$(TOP)/scripts/build-kmod.sh $$m $$k $(BUILD)/kmod/$$k/$$m; \
		fi; done; done

# Lab target profiles: what an exploit writer hard-codes per target kernel
# (symbol offsets from a calibration boot, struct offsets from BTF, gadgets).
profiles: kmods
	@set -e; for k in $(KERNELS); do \
		mkdir -p $(BUILD)/profiles $(BUILD)/vmlinux; \
		if [ ! -s $(BUILD)/vmlinux/$$k ]; then echo "  VMLINUX $$k"; \
			$(TOP)/lab/tools/extract-vmlinux.py /boot/vmlinuz-$$k $(BUILD)/vmlinux/$$k; fi; \
		if [ ! -s $(BUILD)/profiles/$$k.kallsyms ]; then echo "  KALLSYMS $$k"; \
			$(TOP)/lab/tools/kallsyms.sh $$k $(BUILD)/profiles/$$k.kallsyms; fi; \
		echo "  PROFILE $$k"; \
		python3 $(TOP)/lab/tools/mkprofile.py $$k $(BUILD)/vmlinux/$$k \
			$(BUILD)/profiles/$$k.kallsyms $(BUILD)/kmod/$$k/lab/vuln/vedlab.ko \
			$(BUILD)/profiles/$$k; \
	done

# One initramfs per guest kernel (guest/mkinitramfs.sh).
guest: user kmods profiles
	@set -e; for k in $(KERNELS); do echo "  INITRD  $$k"; \
		$(TOP)/guest/mkinitramfs.sh $$k $(BUILD)/initramfs/$$k.cpio.gz; done

# The README's two commands: both install what is missing first.
test: deps
	$(MAKE) all
	$(TOP)/tests/run

demo: deps
	$(MAKE) all
	$(TOP)/guest/demo.sh

# Installation (packaging/install.sh): vedctl and vedd, man pages, the
# module's DKMS source tree (registered and built for every kernel with
# headers), the systemd unit, sysctl.d and modules-load.d.  DESTDIR stages
# without running DKMS; PREFIX defaults to /usr/local.
PREFIX ?= /usr/local
.PHONY: install uninstall
install:
	@for d in $(USER_DIRS); do $(MAKE) -C $$d BUILD=$(BUILD) || exit 1; done
	DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" $(TOP)/packaging/install.sh install

uninstall:
	DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" $(TOP)/packaging/install.sh uninstall

clean:
	rm -rf $(BUILD)

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""mkprofile.py KREL VMLINUX KALLSYMS VEDLAB_KO OUT

Write the exploit lab's *target profile* for one kernel build: what a public
exploit hard-codes per target kernel.  Addresses are offsets from _text, so
the exploits still have to defeat KASLR at run time with the lab's leak.

Lines are "key value" (value in hex for addresses/offsets, decimal for
struct offsets and sizes):
    sym.NAME        offset of a kernel symbol from _text (kallsyms.sh)
    struct.T.F      byte offset of field F in struct T (BTF, via pahole)
    size.T          sizeof(struct T)
    frame.vedlab_msg.*  stack layout of the vulnerable function, relative
                    to the start of its 64-byte buffer (from its prologue)
    gadget.NAME     offset of a ROP gadget from _text (gadgets.py)
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gadgets  # noqa: E402

SYMBOLS = [
    "_text", "_etext", "kfree", "commit_creds", "prepare_kernel_cred", "init_cred",
    "init_task", "init_nsproxy", "find_task_by_vpid", "switch_task_namespaces",
    "native_write_cr4", "call_usermodehelper", "call_usermodehelper_exec",
    "modprobe_path", "core_pattern", "poweroff_cmd", "uevent_helper",
    "swapgs_restore_regs_and_return_to_usermode", "cr4_pinned_bits",
    "aa_g_profile_mode", "apparmor_enabled", "selinux_state", "selinux_enforcing_boot",
    "sys_call_table", "x64_sys_call", "msleep", "__x86_return_thunk",
    "text_poke", "set_memory_x", "set_memory_rw", "do_exit", "run_cmd",
    "page_offset_base", "vmemmap_base",
    # ret2usr: the per-CPU areas (cpu_tlbstate.cr4) and the CR4 write site
    "__per_cpu_offset", "sev_verify_cbit",
]

STRUCT_FIELDS = {
    "task_struct": ["tasks", "pid", "tgid", "cred", "real_cred", "comm", "nsproxy",
                    "real_parent", "thread_pid", "files", "mm"],
    "cred": ["usage", "uid", "gid", "suid", "sgid", "euid", "egid", "fsuid", "fsgid",
             "securebits", "cap_inheritable", "cap_permitted", "cap_effective",
             "cap_bset", "cap_ambient", "user_ns"],
    "nsproxy": ["count", "uts_ns", "ipc_ns", "mnt_ns", "pid_ns_for_children", "net_ns"],
    # ROP attacks: from a task to the page under one of its pipes
    "files_struct": ["fdt"],
    "fdtable": ["fd"],
    "file": ["private_data"],
    "pipe_inode_info": ["bufs"],
    "pipe_buffer": ["page"],
    "page": [],
    # ret2usr: the page-table root of a task's address space
    "mm_struct": ["pgd"],
}


def kallsyms(path):
    """Symbol name -> offset from _text, as recorded by kallsyms.sh."""
    syms = {}
    with open(path) as f:
        for line in f:
            offset, _, name = line.split()[:3]
            syms.setdefault(name, int(offset, 16))
    return syms


def struct_offsets(vmlinux, struct):
    out = subprocess.run(["pahole", "-F", "btf", "-C", struct, vmlinux],
                         stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout
    fields, nested, size = {}, {}, None
    depth = 0
    for line in out.splitlines():
        if depth >= 1:
            m = re.search(r"[\s\*]\(?\*?(\w+)(\)\(.*\))?(\[\d*\])?(:\s*\d+)?;\s*/\*\s+(\d+)", line)
            if m:
                # Members of anonymous inner structs/unions (mm_struct's
                # are all in one) print deeper, with offsets from the outer
                # struct: used only for names the outer level lacks.
                (fields if depth == 1 else nested).setdefault(m.group(1), int(m.group(5)))
        depth += line.count("{") - line.count("}")
        m = re.search(r"/\* size: (\d+)", line)
        if m and depth == 1:  # the size comment sits inside the outer braces
            size = int(m.group(1))
    for name, offset in nested.items():
        fields.setdefault(name, offset)
    return fields, size


def vedlab_msg_frame(ko):
    """Offsets of the canary, saved registers and return address relative to
    the message buffer, read from vedlab_msg()'s prologue."""
    dis = subprocess.run(["objdump", "-d", "--no-show-raw-insn", ko], stdout=subprocess.PIPE,
                         universal_newlines=True, check=True).stdout
    body = dis.split("<vedlab_msg>:", 1)[1].split("\n\n", 1)[0]
    pushes, frame, canary = [], None, None
    for line in body.splitlines():
        m = re.search(r"push\s+%(\w+)", line)
        if m and frame is None:
            pushes.append(m.group(1))
        m = re.search(r"sub\s+\$0x([0-9a-f]+),%rsp", line)
        if m and frame is None:
            frame = int(m.group(1), 16)
        m = re.search(r"mov\s+%rax,0x([0-9a-f]+)\(%rsp\)", line)
        if m and canary is None and frame is not None:
            canary = int(m.group(1), 16)
        if canary is not None:
            break
    if frame is None or canary is None:
        raise SystemExit("mkprofile: cannot read vedlab_msg's prologue in %s" % ko)
    # -fstack-protector-strong places the character array right below the
    # guard: the buffer starts 64 bytes below the canary.
    buf = canary - 64
    layout = {"canary": canary - buf}
    for i, reg in enumerate(reversed(pushes)):
        layout["saved." + reg] = frame + 8 * i - buf
    layout["ret"] = frame + 8 * len(pushes) - buf
    return layout


def main():
    krel, vmlinux, ksyms, ko, out = sys.argv[1:6]
    syms = kallsyms(ksyms)
    text = syms["_text"]
    lines = ["krel %s" % krel]
    for name in SYMBOLS:
        if name in syms:
            lines.append("sym.%s 0x%x" % (name, syms[name] - text))
    for struct, wanted in STRUCT_FIELDS.items():
        fields, size = struct_offsets(vmlinux, struct)
        for field in wanted:
            if field in fields:
                lines.append("struct.%s.%s %d" % (struct, field, fields[field]))
        if size:
            lines.append("size.%s %d" % (struct, size))
    for key, value in vedlab_msg_frame(ko).items():
        lines.append("frame.vedlab_msg.%s %d" % (key, value))
    for name, offset in gadgets.find(vmlinux, syms).items():
        lines.append("gadget.%s 0x%x" % (name, offset))
    with open(out + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.rename(out + ".tmp", out)


if __name__ == "__main__":
    main()

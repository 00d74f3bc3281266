/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixtures for the x86dec unit tests: every call encoding the decoder must
 * recognise, and instructions it must not take for a call.  Assembled by
 * the system assembler (as --64, no preprocessor) so that the expected
 * bytes are binutils' encodings, never typed by hand; the object is linked
 * into the test program, which finds the cases in x86dec_fx_cases.
 *
 * Each case records (struct fx_case in x86dec-test.c):
 *   name      the test name
 *   kind      the expected x86_call_kind_name() of the longest decoding, or
 *             "none", or "endbr"/"sealed-endbr" (IBT function entries)
 *   start/end the instruction's bytes; the return address is at end
 *   target    the expected direct call target (0: not checked)
 *   len       the expected length of the longest decoding (0: end - start)
 *   ndec      the expected number of distinct decodings
 *
 * The instructions live in a non-executable section: they are data here.
 */

	.macro fx name, kind, len, ndec, target, pre, insn:vararg
	.pushsection .rodata.x86dec_fx_insns, "a"
.Lstart\@:
	/* A statement before the case's last one, e.g. "cs" or "lfence". */
	.ifnc \pre,-
	\pre
	.endif
	\insn
.Lend\@:
	.popsection
	.pushsection .rodata.x86dec_fx_names, "a"
.Lname\@:
	.asciz "\name"
.Lkind\@:
	.asciz "\kind"
	.popsection
	.pushsection .data.rel.ro.x86dec_fx_cases, "aw"
	.quad .Lname\@, .Lkind\@, .Lstart\@, .Lend\@, \target
	.long \len, \ndec
	.popsection
	.endm

	/* A call whose longest decoding is the whole instruction. */
	.macro ok name, kind, insn:vararg
	fx \name, \kind, 0, 1, 0, -, \insn
	.endm

	/* The same after one or more prefixes/instructions \pre. */
	.macro okp name, kind, pre, insn:vararg
	fx \name, \kind, 0, 1, 0, "\pre", \insn
	.endm

	/* A direct call to \target (the decoder must compute it). */
	.macro direct name, target, pre, insn:vararg
	fx \name, direct, 0, 1, \target, "\pre", \insn
	.endm

	.macro thunk name, target, pre, insn:vararg
	fx \name, thunk, 0, 1, \target, "\pre", \insn
	.endm

	/* Not a call: nothing may decode as one ending after it. */
	.macro no name, insn:vararg
	fx \name, none, 0, 0, 0, -, \insn
	.endm

/*
 * Call targets: a fake function and a fake retpoline thunk array laid out
 * like the kernel's __x86_indirect_thunk_array (one 32-byte slot per
 * register).  The test passes [x86dec_fx_thunks, x86dec_fx_thunks_end) to
 * x86_call_mark_thunk.
 */
	.pushsection .rodata.x86dec_fx_insns, "a"
	.globl x86dec_fx_func, x86dec_fx_thunks, x86dec_fx_thunks_end
x86dec_fx_func:
	endbr64
	ret
	.balign 32
x86dec_fx_thunks:
	.irp reg, rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15
	.balign 32
x86dec_fx_thunk_\reg:
	jmp *%\reg
	int3
	.endr
	.balign 32
x86dec_fx_thunks_end:
	.popsection

	.pushsection .data.rel.ro.x86dec_fx_cases, "aw"
	.balign 8
	.globl x86dec_fx_cases
x86dec_fx_cases:
	.popsection

/* E8 rel32, with the prefixes a CPU runs it with. */
	direct e8-call, x86dec_fx_func, -, call x86dec_fx_func
	direct e8-call-forward, x86dec_fx_last, -, call x86dec_fx_last
	direct e8-call-self, .Lself, -, .Lself: call .Lself
	direct e8-cs-prefix, x86dec_fx_func, cs, call x86dec_fx_func
	direct e8-ds-prefix, x86dec_fx_func, ds, call x86dec_fx_func
	direct e8-fs-bnd-prefixes, x86dec_fx_func, fs, bnd call x86dec_fx_func
	direct e8-bnd, x86dec_fx_func, -, bnd call x86dec_fx_func
	direct e8-rex-w, x86dec_fx_func, -, rex.W call x86dec_fx_func
	direct e8-cs-rex, x86dec_fx_func, cs, rex.W call x86dec_fx_func
	/*
	 * 66/67 before E8: AMD takes "66 E8" as rel16, so the prefix is not
	 * counted; Intel's "66 E8 rel32" is still found as its E8 suffix.
	 * (gas assembles a lone prefix only with a warning, hence .byte.)
	 */
	fx e8-data16-rel32, direct, 5, 1, x86dec_fx_func, ".byte 0x66", call x86dec_fx_func
	fx e8-addr32, direct, 5, 1, x86dec_fx_func, ".byte 0x67", call x86dec_fx_func

/* Retpolines: direct calls whose target is a thunk. */
	thunk thunk-rax, x86dec_fx_thunk_rax, -, call x86dec_fx_thunk_rax
	thunk thunk-rdx, x86dec_fx_thunk_rdx, -, call x86dec_fx_thunk_rdx
	thunk thunk-cs-r11, x86dec_fx_thunk_r11, cs, call x86dec_fx_thunk_r11
	thunk thunk-cs-r15, x86dec_fx_thunk_r15, cs, call x86dec_fx_thunk_r15

/* FF /2 register forms: every register. */
	.irp reg, rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15
	ok ff-reg-\reg, indirect-reg, call *%\reg
	.endr
	ok ff-reg-notrack, indirect-reg, notrack call *%rax
	ok ff-reg-bnd, indirect-reg, bnd call *%rcx
	ok ff-reg-rex-w, indirect-reg, rex.W call *%rax
	ok ff-reg-rex-wrxb, indirect-reg, rex.WRXB call *%rax
	ok ff-reg-data16, indirect-reg, callw *%ax
	okp ff-reg-cs-data16, indirect-reg, cs, callw *%ax
	/* 67 means nothing without a memory operand: only "ff d0" counts. */
	fx ff-reg-addr32, indirect-reg, 2, 1, 0, -, addr32 call *%rax
	/* What retpoline patching leaves: lfence, then the call. */
	fx ff-reg-lfence, indirect-reg, 2, 1, 0, lfence, call *%rax
	fx ff-reg-lfence-r11, indirect-reg, 3, 1, 0, lfence, call *%r11

/* FF /2 memory forms. */
	ok ff-mem-rax, indirect-mem, call *(%rax)
	ok ff-mem-rdi, indirect-mem, call *(%rdi)
	ok ff-mem-rsp-sib, indirect-mem, call *(%rsp)
	ok ff-mem-rbp-disp8, indirect-mem, call *(%rbp)
	ok ff-mem-r12-sib, indirect-mem, call *(%r12)
	ok ff-mem-r13-disp8, indirect-mem, call *(%r13)
	ok ff-mem-disp8, indirect-mem, call *0x10(%rax)
	ok ff-mem-disp8-max, indirect-mem, call *0x7f(%rbx)
	ok ff-mem-disp8-neg, indirect-mem, call *-0x80(%rcx)
	ok ff-mem-disp32, indirect-mem, call *0x80(%rdx)
	ok ff-mem-disp32-big, indirect-mem, call *0x12345678(%rsi)
	ok ff-mem-disp32-neg, indirect-mem, call *-0x1000(%r8)
	ok ff-mem-rsp-disp8, indirect-mem, call *0x18(%rsp)
	ok ff-mem-rsp-disp32, indirect-mem, call *0x1000(%rsp)
	ok ff-mem-sib-index, indirect-mem, call *(%rax,%rbx)
	ok ff-mem-sib-scale8, indirect-mem, call *(%rax,%rcx,8)
	ok ff-mem-sib-disp8, indirect-mem, call *0x10(%rax,%r9,8)
	ok ff-mem-sib-disp32, indirect-mem, call *0x1000(%r10,%r11,4)
	ok ff-mem-sib-rbp-base, indirect-mem, call *(%rbp,%rbp)
	ok ff-mem-sib-r13-base, indirect-mem, call *(%r13,%r12)
	ok ff-mem-sib-nobase, indirect-mem, call *(,%rax,4)
	ok ff-mem-sib-nobase-r15, indirect-mem, call *0x12345678(,%r15,2)
	ok ff-mem-abs32, indirect-mem, call *0x1234
	ok ff-mem-fs-abs32, indirect-mem, call *%fs:8
	ok ff-mem-gs-disp8, indirect-mem, call *%gs:0x10(%rax)
	ok ff-mem-table, indirect-mem, call *-0x7e000000(,%rax,8)
	ok ff-mem-addr32, indirect-mem, addr32 call *(%eax)
	ok ff-mem-addr32-sib, indirect-mem, addr32 call *0x10(%eax,%ebx,4)
	ok ff-mem-data16, indirect-mem, callw *(%rax)
	ok ff-mem-notrack, indirect-mem, notrack call *(%rax)
	/* For RIP-relative forms the target is the pointer's address. */
	fx ff-rip, indirect-rip, 0, 1, x86dec_fx_func, -, call *x86dec_fx_func(%rip)
	fx ff-rip-rex-b, indirect-rip, 0, 1, x86dec_fx_func, -, rex.B call *x86dec_fx_func(%rip)
	fx ff-rip-cs, indirect-rip, 0, 1, x86dec_fx_func, cs, call *x86dec_fx_func(%rip)
	ok ff-rip-addr32, indirect-rip, addr32 call *x86dec_fx_func(%eip)

/*
 * Ambiguity: the decoder accepts any suffix that is a call.  These real
 * non-call instructions end in bytes that decode as one (documented).
 */
	fx ambiguous-mov-imm-ffd0, indirect-reg, 2, 1, 0, -, mov $0xd0ff0000, %eax
	fx ambiguous-lea-disp-ffd2, indirect-reg, 2, 1, 0, -, lea -0x2d010000(%rax), %rax
	/* A real E8 whose rel32 ends in "ff d0": two calls end there. */
	fx ambiguous-e8-and-ffd0, direct, 5, 2, .Lamb-0x2f001000+5, -, .Lamb: call .Lamb-0x2f001000+5

/* Not calls. */
	no ret, ret
	no ret-imm, ret $8
	no lret, lretq
	no iretq, iretq
	no jmp-rel32, jmp x86dec_fx_func
	no jmp-rel8, .Lj: jmp .Lj
	no jcc-rel32, jne x86dec_fx_func
	no jmp-reg, jmp *%rax
	no jmp-reg-r11, jmp *%r11
	no jmp-mem, jmp *(%rax)
	no jmp-rip, jmp *x86dec_fx_func(%rip)
	no jmp-notrack, notrack jmp *%rax
	no far-call-mem, lcall *(%rax)
	no far-call-rip, lcall *x86dec_fx_func(%rip)
	no far-jmp-mem, ljmp *(%rax)
	no ff-inc-mem, incl (%rax)
	no ff-dec-reg, decl %eax
	no ff-push-mem, pushq (%rax)
	no ff-push-rip, pushq x86dec_fx_func(%rip)
	no push-reg, push %rax
	no pop-reg, pop %rbx
	no mov-reg, mov %rax, %rbx
	no mov-mem, mov 8(%rsp), %rax
	no lea-rip, lea x86dec_fx_func(%rip), %rdi
	no nop, nop
	no nop2, xchg %ax, %ax
	no nop5-fentry, {disp8} nopl 0(%rax,%rax,1)
	no nop-long, {disp32} nopw %cs:0(%rax,%rax,1)
	no int3, int3
	fx int3-pad, none, 0, 0, 0, int3, int3
	no ud2, ud2
	no lfence, lfence
	no syscall, syscall
	no leave, leave
	no callw-rel16, data16 call .
	no endbr32, endbr32

/* IBT function entries (not calls either). */
	fx endbr64, endbr, 0, 0, 0, -, endbr64
	fx sealed-endbr, sealed-endbr, 0, 0, 0, -, nopw (%rax)

	.pushsection .data.rel.ro.x86dec_fx_cases, "aw"
	.globl x86dec_fx_cases_end
x86dec_fx_cases_end:
	.popsection
	.pushsection .rodata.x86dec_fx_insns, "a"
x86dec_fx_last:
	ret
	.popsection

	.section .note.GNU-stack, "", @progbits

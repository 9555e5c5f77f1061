"""The compiled half of `core.compute.spinner`: a helper's wait for work, and the hand-over.

Two threads share one small block of memory (the *control block*: int64 slots, at
the offsets below, in bytes), and talk through it with atomic loads, stores and
compare-and-swaps, all in compiled code without the GIL. A caller takes the helper
(`claim` on LOCK), writes a job's slots, then POSTED (`post`); the helper, spinning on POSTED,
runs the job and writes DONE; the caller, having run its own share meanwhile, waits
for DONE and lets the helper go. Memory order: each hand-over is a sequentially
consistent store seen by the other side's load of the same slot, so what one side
wrote before it (a job's slots, a job's results) is visible to the other after it.

A job is a C function and its arguments: OpenBLAS's share of a product (its
``dojob(thread, jobdata, data)``, from its threads callback), or half of an element-wise
loop (``part(args, first, last)``: a `numba.cfunc` reading its arrays from an args
block, see `core.compute.kernels`).

Imported only where numba is (by `core.compute.spinner`, when training starts).
"""
from __future__ import annotations

import ctypes

import llvmlite.binding as llvm
import numba
import numpy as np
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

# the control block's slots (byte offsets; the caller's, the helper's and the lock's
# each on a cache line of their own, so that spinning on one does not slow writes to another)
POSTED, KIND, FN, ARG, THREAD, DATA = 0, 8, 16, 24, 32, 40  # written by the caller
DONE, STATE = 64, 72  # written by the helper
LOCK = 128  # 1 while a caller has the helper
STOP, SEMAPHORE, SEM_POST, SCHED_YIELD = 192, 200, 208, 216  # set once: the stop request, the nap's semaphore, sem_post, sched_yield
WORDS = 32  # int64 slots in the block (256 bytes)

KIND_BLAS, KIND_PART = 1, 2
#: the helper's STATE: spinning, asleep on the semaphore, or being woken by a caller
SPINNING, NAPPING, WAKING = 0, 1, 2

_I64 = ir.IntType(64)
_I32 = ir.IntType(32)
_VOID_P = ir.IntType(8).as_pointer()
_ORDER = "seq_cst"


@intrinsic
def _load(typingctx, address):
    """The int64 at `address`, loaded atomically."""

    def codegen(context, builder, sig, args):
        return builder.load_atomic(builder.inttoptr(args[0], _I64.as_pointer()), _ORDER, 8)

    return types.int64(types.int64), codegen


@intrinsic
def _store(typingctx, address, value):
    """Store the int64 `value` at `address` atomically."""

    def codegen(context, builder, sig, args):
        builder.store_atomic(args[1], builder.inttoptr(args[0], _I64.as_pointer()), _ORDER, 8)
        return context.get_dummy_value()

    return types.void(types.int64, types.int64), codegen


@intrinsic
def _swap(typingctx, address, expected, new):
    """Compare-and-swap: set the int64 at `address` to `new` if it is `expected`; True if it was."""

    def codegen(context, builder, sig, args):
        pair = builder.cmpxchg(builder.inttoptr(args[0], _I64.as_pointer()), args[1], args[2], _ORDER, _ORDER)
        return builder.extract_value(pair, 1)

    return types.boolean(types.int64, types.int64, types.int64), codegen


@intrinsic
def _pause(typingctx):
    """The CPU's spin-wait hint: the waiting core draws less and leaves its memory bus alone."""

    def codegen(context, builder, sig, args):
        pause = cgutils.get_or_insert_function(builder.module, ir.FunctionType(ir.VoidType(), []), "llvm.x86.sse2.pause")
        builder.call(pause, [])
        return context.get_dummy_value()

    return types.void(), codegen


@intrinsic
def _cycles(typingctx):
    """The CPU's cycle counter (a clock for spinning, not for measuring)."""

    def codegen(context, builder, sig, args):
        counter = cgutils.get_or_insert_function(builder.module, ir.FunctionType(_I64, []), "llvm.readcyclecounter")
        return builder.call(counter, [])

    return types.int64(), codegen


@intrinsic
def address_of(typingctx, pointer):
    """A pointer as an integer."""

    def codegen(context, builder, sig, args):
        return builder.ptrtoint(args[0], _I64)

    return types.int64(types.voidptr), codegen


@intrinsic
def _pointer(typingctx, address):
    """An integer as a pointer."""

    def codegen(context, builder, sig, args):
        return builder.inttoptr(args[0], _VOID_P)

    return types.voidptr(types.int64), codegen


@intrinsic
def _call_blas(typingctx, function, thread, jobdata, data):
    """OpenBLAS's ``dojob(thread, jobdata, data)``."""

    def codegen(context, builder, sig, args):
        kind = ir.FunctionType(ir.VoidType(), [_I32, _VOID_P, _I32])
        target = builder.inttoptr(args[0], kind.as_pointer())
        builder.call(target, [builder.trunc(args[1], _I32), builder.inttoptr(args[2], _VOID_P), builder.trunc(args[3], _I32)])
        return context.get_dummy_value()

    return types.void(types.int64, types.int64, types.int64, types.int64), codegen


@intrinsic
def call_part(typingctx, function, arguments, first, last):
    """A loop's ``part(arguments, first, last)``."""

    def codegen(context, builder, sig, args):
        kind = ir.FunctionType(ir.VoidType(), [_I64, _I64, _I64])
        builder.call(builder.inttoptr(args[0], kind.as_pointer()), list(args[1:]))
        return context.get_dummy_value()

    return types.void(types.int64, types.int64, types.int64, types.int64), codegen


def _pointer_of(kind, llvm_kind):
    """An intrinsic: an integer address as a pointer to `kind` numbers (for `numba.carray`)."""

    @intrinsic
    def pointer(typingctx, address):
        def codegen(context, builder, sig, args):
            return builder.inttoptr(args[0], llvm_kind.as_pointer())

        return types.CPointer(kind)(types.int64), codegen

    return pointer


int64s = _pointer_of(types.int64, _I64)
int32s = _pointer_of(types.int32, ir.IntType(32))
float64s = _pointer_of(types.float64, ir.DoubleType())
float32s = _pointer_of(types.float32, ir.FloatType())
uint8s = _pointer_of(types.uint8, ir.IntType(8))


@intrinsic
def _call_c(typingctx, function, arguments):
    """The C function at `function` with a tuple of integers as its pointer arguments
    (pthread_create, sem_wait, sched_yield, ...); returns its int result."""
    count = len(arguments)

    def codegen(context, builder, sig, args):
        kind = ir.FunctionType(_I32, [_VOID_P] * count)
        values = [builder.inttoptr(builder.extract_value(args[1], i), _VOID_P) for i in range(count)]
        return builder.call(builder.inttoptr(args[0], kind.as_pointer()), values)

    return types.int32(types.int64, arguments), codegen


# --------------------------------------------------------------------------- the helper


@numba.njit(nogil=True, cache=True)
def serve(block, spin_cycles, sem_wait):
    """The helper's loop, until STOP: run each posted job; when none has come for
    `spin_cycles`, sleep on the semaphore (``sem_wait`` is its address) until a caller
    posts one. Before sleeping it says so (STATE) and looks once more: a caller posts,
    then looks at STATE, so one of the two sees the other (both are sequentially
    consistent), and a job is never left waiting for a sleeping helper."""
    seen = _load(block + DONE)
    since = _cycles()
    while True:
        posted = _load(block + POSTED)
        if posted != seen:
            kind = _load(block + KIND)
            if kind == KIND_BLAS:
                _call_blas(_load(block + FN), _load(block + THREAD), _load(block + ARG), _load(block + DATA))
            elif kind == KIND_PART:
                call_part(_load(block + FN), _load(block + ARG), _load(block + THREAD), _load(block + DATA))
            seen = posted
            _store(block + DONE, posted)
            since = _cycles()
            continue
        if _load(block + STOP) != 0:
            return
        if _cycles() - since > spin_cycles:
            _store(block + STATE, NAPPING)
            if _load(block + POSTED) == seen and _load(block + STOP) == 0:
                _call_c(sem_wait, (_load(block + SEMAPHORE),))  # returns early on a signal: the loop looks again
            _store(block + STATE, SPINNING)
            since = _cycles()
            continue
        _pause()


@numba.njit(nogil=True, cache=True)
def cycle_count():
    return _cycles()


@numba.njit(nogil=True, cache=True)
def claim(block):
    """Take the helper (wait while another caller has it: after a few tries, giving the
    core up to the threads computing, as a second caller is the GUI thread's drawing
    waiting for the trainer's product to end)."""
    tries = 0
    while not _swap(block + LOCK, 0, 1):
        tries += 1
        if tries % 64 == 0:
            _call_c(_load(block + SCHED_YIELD), ())
        else:
            _pause()


@numba.njit(nogil=True, cache=True)
def release(block):
    _store(block + LOCK, 0)


@numba.njit(nogil=True, cache=True)
def post(block, kind, function, argument, thread, data):
    """Hand the claimed helper a job; returns the number to `wait` for."""
    number = _load(block + POSTED) + 1
    _store(block + KIND, kind)
    _store(block + FN, function)
    _store(block + ARG, argument)
    _store(block + THREAD, thread)
    _store(block + DATA, data)
    _store(block + POSTED, number)
    if _load(block + STATE) == NAPPING and _swap(block + STATE, NAPPING, WAKING):
        _call_c(_load(block + SEM_POST), (_load(block + SEMAPHORE),))
    return number


@numba.njit(nogil=True, cache=True)
def wait(block, number):
    """Until the helper has done job `number`."""
    while _load(block + DONE) != number:
        _pause()


@numba.njit(nogil=True, cache=True)
def split(block, part, arguments, count):
    """``part(arguments, 0, count)`` in two halves at once: the second on the helper, the
    first here."""
    half = count // 2
    claim(block)
    number = post(block, KIND_PART, part, arguments, half, count)
    call_part(part, arguments, 0, half)
    wait(block, number)
    release(block)


# --------------------------------------------------------------------------- OpenBLAS's side

_libc = ctypes.CDLL(None)
PTHREAD_CREATE, PTHREAD_JOIN, SEM_WAIT, SEM_POST_FUNCTION, SCHED_YIELD_FUNCTION = (  # C functions the compiled code calls
    ctypes.cast(getattr(_libc, name), ctypes.c_void_p).value
    for name in ("pthread_create", "pthread_join", "sem_wait", "sem_post", "sched_yield")
)
sem_init = _libc.sem_init
sem_init.argtypes, sem_init.restype = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint], ctypes.c_int
sem_post = _libc.sem_post
sem_post.argtypes, sem_post.restype = [ctypes.c_void_p], ctypes.c_int
#: bytes for a sem_t (32 on 64-bit Linux; room to spare)
SEM_BYTES = 64

#: int64 slots per extra thread in the scratch block: its pthread_t, then the job's function,
#: jobdata, thread number and data
EXTRA = 5


@numba.cfunc(types.voidptr(types.voidptr), nogil=True, cache=True)
def _extra_thread(job):
    """The body of a one-off thread running one of OpenBLAS's jobs (see `blas_callback`)."""
    slots = numba.carray(int64s(address_of(job)), 4)
    _call_blas(slots[0], slots[2], slots[1], slots[3])
    return _pointer(0)


@numba.njit(nogil=True, cache=True)
def _blas_jobs(block, scratch, max_extra, start, create, join, function, first, step, jobs, data):
    """What `blas_callback` does (compiled once and cached; the callback only adds its constants)."""
    if jobs < 2:
        _call_blas(function, 0, first, data)
        return
    claim(block)
    number = post(block, KIND_BLAS, function, first + step, 1, data)
    extra = min(jobs - 2, max_extra)
    for j in range(extra):
        slots = scratch + 8 * EXTRA * j
        _store(slots + 8, function)
        _store(slots + 16, first + step * (j + 2))
        _store(slots + 24, j + 2)
        _store(slots + 32, data)
        _call_c(create, (slots, np.int64(0), start, slots + 8))
    _call_blas(function, 0, first, data)
    for j in range(extra):
        _call_c(join, (_load(scratch + 8 * EXTRA * j), np.int64(0)))
    wait(block, number)
    release(block)


#: what OpenBLAS's callback needs to know, set by `core.compute.spinner` before it hands
#: the callback over: the control block, the scratch block, its room (threads), and the
#: addresses of the extra threads' body, pthread_create and pthread_join. The compiled
#: callback finds these cells through a symbol the JIT links (`_cell`), so that it is
#: compiled once and cached, not compiled in every process with the addresses in it
#: (0.6 s of numba holding the GIL, a stall of the window when training starts).
CELLS = np.zeros(8, np.int64)
BLOCK_CELL, SCRATCH_CELL, ROOM_CELL, START_CELL, CREATE_CELL, JOIN_CELL = range(6)
_CELLS_SYMBOL = "layerlab_spinner_cells"
llvm.add_symbol(_CELLS_SYMBOL, CELLS.ctypes.data)


@intrinsic
def _cell(typingctx, index):
    """CELLS[index], read through the symbol the JIT links to CELLS in this process."""

    def codegen(context, builder, sig, args):
        module = builder.module
        try:
            cells = module.get_global(_CELLS_SYMBOL)
        except KeyError:
            cells = ir.GlobalVariable(module, ir.ArrayType(_I64, len(CELLS)), name=_CELLS_SYMBOL)
            cells.linkage = "external"
        return builder.load(builder.gep(cells, [ir.Constant(_I32, 0), builder.trunc(args[0], _I32)]))

    return types.int64(types.int64), codegen


@numba.cfunc(types.void(types.int32, types.voidptr, types.int32, types.uintp, types.voidptr, types.int32), nogil=True, cache=True)
def blas_callback(sync, dojob, jobs, size, jobdata, data):
    """OpenBLAS's threads callback (``openblas_set_threads_callback_function``) for the
    helper whose blocks are in CELLS: a product's job 0 here, job 1 on the helper. Jobs
    beyond those (BLAS asked for more threads than two) each run on a thread of their
    own, started and joined here (`_blas_jobs`)."""
    _blas_jobs(
        _cell(BLOCK_CELL), _cell(SCRATCH_CELL), _cell(ROOM_CELL), _cell(START_CELL), _cell(CREATE_CELL), _cell(JOIN_CELL),
        address_of(dojob), address_of(jobdata), np.int64(size), np.int64(jobs), np.int64(data),
    )

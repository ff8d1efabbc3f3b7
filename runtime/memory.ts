// Buffers that live in WebAssembly memory, so the SIMD kernels can work on them in place.
//
// Design (why it never invalidates a view the user holds):
// - `WebAssembly.Memory.grow` detaches every view of a NON-shared memory. A *shared*
//   memory never detaches: old views keep their length, `memory.buffer` returns a new,
//   longer SharedArrayBuffer over the same bytes. So when shared memory is available
//   (node, and browsers that allow it) we grow freely up to a reserved maximum.
// - Without shared memory (a browser page that is not cross-origin isolated) we create a
//   fixed arena once and NEVER grow it. When it is full, `allocate` returns an ordinary
//   TypedArray on the JS heap; the kernels then use their JS paths. Correct, only slower.
// - Freed blocks go to exact-size free lists (sizes are rounded to 4 steps per power of
//   two) and are handed out again: re-using a block avoids the page faults of a fresh
//   80 MB output (measured 3.5x at 1e7 elements).
// - A block is freed by `release(view)` or, when the view is garbage-collected, by a
//   FinalizationRegistry. CONTRACT: a view derived from an allocated array with
//   `subarray` or `new Float64Array(buf, …)` does not keep the block alive; whoever
//   derives views (NDArray slicing) must also keep a reference to the allocated array.

import { wasmApi, type WasmMemory } from "./kernels/wasm-api";

export type Dtype = "float64" | "float32" | "int8" | "int16" | "int32" | "uint8" | "uint16" | "uint32" | "bool" | "complex128";

export type TypedArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array;

type TypedArrayConstructor = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray; new (length: number): TypedArray; BYTES_PER_ELEMENT: number };

const constructors: Record<Dtype, TypedArrayConstructor> = {
  float64: Float64Array,
  float32: Float32Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  bool: Uint8Array,
  // interleaved (re, im) pairs: `length` complex elements take 2*length float64 slots
  complex128: Float64Array,
};

const PAGE = 65536;
const ALIGN = 64; // cache line; also keeps every block 16-byte aligned for v128 loads
const INITIAL_PAGES = 256; // 16 MiB
const FIXED_ARENA_PAGES = 4096; // 256 MiB, only when memory cannot be shared

export interface ArenaInfo {
  /** true: shared memory, grows without detaching views. false: fixed-size arena. */
  shared: boolean;
  /** bytes currently reserved from the arena (live + free blocks) */
  usedBytes: number;
  /** bytes sitting in free lists, ready for re-use */
  freeBytes: number;
  /** current size of the WebAssembly memory */
  memoryBytes: number;
  /** the most the arena will ever hold; beyond it allocations fall back to the JS heap */
  maxBytes: number;
  /** allocations that did not fit and went to the JS heap */
  heapFallbacks: number;
}

interface Block {
  offset: number;
  bytes: number;
  /** came from a free list: holds old contents */
  reused?: boolean;
}

class Arena {
  readonly memory: WasmMemory;
  readonly shared: boolean;
  readonly maxBytes: number;
  /** every ArrayBuffer/SharedArrayBuffer object this memory has exposed (one per grow) */
  private readonly buffers: ArrayBufferLike[] = [];
  private current: ArrayBufferLike;
  private top = ALIGN; // offset 0 stays unused so a block offset is never 0
  private readonly free = new Map<number, number[]>();
  private readonly blockOf = new WeakMap<object, Block>();
  private readonly registry: FinalizationRegistry<Block> | null;
  freeBytes = 0;
  heapFallbacks = 0;

  constructor(memory: WasmMemory, shared: boolean, maxBytes: number) {
    this.memory = memory;
    this.shared = shared;
    this.maxBytes = maxBytes;
    this.current = memory.buffer;
    this.buffers.push(this.current);
    this.registry =
      typeof FinalizationRegistry === "function" ? new FinalizationRegistry<Block>((block) => this.recycle(block)) : null;
  }

  /** The buffer to build new views on (refreshed after a grow). */
  buffer(): ArrayBufferLike {
    const b = this.memory.buffer;
    if (b !== this.current) {
      this.current = b;
      this.buffers.push(b);
    }
    return b;
  }

  /** Views `allocate` handed out: a WeakSet hit (~5 ns) is cheaper than reading `.buffer` (~18 ns). */
  readonly handedOut = new WeakSet<object>();

  /** Does this view point into the WebAssembly memory? */
  owns(view: ArrayBufferView): boolean {
    if (this.handedOut.has(view)) return true;
    const b = view.buffer;
    if (b === this.current) return true;
    const list = this.buffers;
    for (let i = list.length - 1; i >= 0; i--) if (list[i] === b) return true;
    return false;
  }

  /** Reserve `bytes` (rounded up); null when the arena cannot hold them. */
  reserve(bytes: number): Block | null {
    const rounded = roundBlock(bytes);
    const list = this.free.get(rounded);
    if (list !== undefined && list.length > 0) {
      this.freeBytes -= rounded;
      return { offset: list.pop()!, bytes: rounded, reused: true };
    }
    const end = this.top + rounded;
    if (end > this.maxBytes) return null;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      // a non-shared memory must never grow: that would detach the user's views
      if (!this.shared) return null;
      const wantPages = Math.ceil(end / PAGE) - have / PAGE;
      // grow by at least 1/8 of the current size to keep the number of buffers small
      const pages = Math.max(wantPages, Math.min((have / PAGE) >> 3, (this.maxBytes - have) / PAGE));
      try {
        this.memory.grow(pages);
      } catch {
        try {
          this.memory.grow(wantPages);
        } catch {
          return null; // the host refused memory: use the JS heap
        }
      }
    }
    const block = { offset: this.top, bytes: rounded };
    this.top = end;
    return block;
  }

  track(view: TypedArray, block: Block): void {
    this.handedOut.add(view);
    this.blockOf.set(view, block);
    this.registry?.register(view, block, view);
  }

  release(view: ArrayBufferView): boolean {
    const block = this.blockOf.get(view);
    if (block === undefined) return false;
    this.blockOf.delete(view);
    this.registry?.unregister(view);
    this.recycle(block);
    return true;
  }

  private recycle(block: Block): void {
    let list = this.free.get(block.bytes);
    if (list === undefined) this.free.set(block.bytes, (list = []));
    list.push(block.offset);
    this.freeBytes += block.bytes;
  }

  info(): ArenaInfo {
    return {
      shared: this.shared,
      usedBytes: this.top,
      freeBytes: this.freeBytes,
      memoryBytes: this.memory.buffer.byteLength,
      maxBytes: this.maxBytes,
      heapFallbacks: this.heapFallbacks,
    };
  }
}

/** Round a block size up: 64-byte multiples, and at most 4 sizes per power of two. */
export function roundBlock(bytes: number): number {
  let rounded = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  if (rounded > 4096) {
    const step = 2 ** (Math.floor(Math.log2(rounded)) - 2);
    rounded = Math.ceil(rounded / step) * step;
  }
  return rounded;
}

export interface MemoryOptions {
  /** the most WebAssembly memory the arena may use, in bytes (beyond it: JS heap). Default 4 GiB - 64 KiB. */
  maxBytes?: number;
  /** false: a fixed, never-growing arena even where shared memory is available */
  shared?: boolean;
  /** false: no WebAssembly memory at all (every buffer on the JS heap, JS kernels only) */
  wasm?: boolean;
}

let options: MemoryOptions = {};

/**
 * Configure the arena. Only before the first allocation: changing it later would strand
 * the views already handed out.
 */
export function configureMemory(next: MemoryOptions): void {
  if (arena !== undefined) throw new Error("configureMemory() must be called before the runtime allocates its first array");
  if (next.maxBytes !== undefined && !(next.maxBytes >= PAGE)) throw new RangeError(`maxBytes must be at least ${PAGE}, got ${next.maxBytes}`);
  options = { ...next };
}

function createArena(): Arena | null {
  const api = wasmApi();
  if (api === undefined || options.wasm === false) return null;
  // pointers + lengths must stay below 2^32 in the kernels' i32 arithmetic
  const capPages = Math.min(65535, Math.floor((options.maxBytes ?? 2 ** 32) / PAGE));
  // Shared memory reserves address space for its maximum up front; try big, then smaller.
  if (options.shared !== false) {
    for (const maxPages of [capPages, Math.min(capPages, 16384), Math.min(capPages, 4096)]) {
      try {
        const initial = Math.min(INITIAL_PAGES, maxPages);
        const memory = new api.Memory({ initial, maximum: maxPages, shared: true });
        if (typeof SharedArrayBuffer === "function" && memory.buffer instanceof SharedArrayBuffer) {
          return new Arena(memory, true, maxPages * PAGE);
        }
      } catch {
        // not cross-origin isolated, or address space refused: try the next option
      }
    }
  }
  for (const pages of [Math.min(capPages, FIXED_ARENA_PAGES), Math.min(capPages, 1024), Math.min(capPages, INITIAL_PAGES)]) {
    try {
      const memory = new api.Memory({ initial: pages, maximum: pages });
      return new Arena(memory, false, pages * PAGE);
    } catch {
      // try a smaller fixed arena
    }
  }
  return null;
}

let arena: Arena | null | undefined;

/** The process-wide arena (created on first use), or null when WebAssembly is unavailable. */
export function getArena(): Arena | null {
  if (arena === undefined) arena = createArena();
  return arena;
}

export type { Arena };

/** Bytes one element of `dtype` takes (complex128: 16). */
export function bytesPerElement(dtype: Dtype): number {
  return dtype === "complex128" ? 16 : constructorOf(dtype).BYTES_PER_ELEMENT;
}

function constructorOf(dtype: Dtype): TypedArrayConstructor {
  const ctor = constructors[dtype];
  if (ctor === undefined) throw new TypeError(`data type '${String(dtype)}' not understood`);
  return ctor;
}

function checkLength(length: number): void {
  if (!Number.isInteger(length) || length < 0) {
    throw new RangeError(`negative dimensions are not allowed (length ${length})`);
  }
}

/**
 * A buffer of `length` elements of `dtype`, zero-filled. It lives in WebAssembly memory
 * when there is room (so the SIMD kernels run in place), otherwise on the JS heap.
 * complex128 returns a Float64Array of 2*length (interleaved re, im).
 */
export function allocate(dtype: "float64" | "complex128", length: number): Float64Array;
export function allocate(dtype: "float32", length: number): Float32Array;
export function allocate(dtype: "int32", length: number): Int32Array;
export function allocate(dtype: "uint8" | "bool", length: number): Uint8Array;
export function allocate(dtype: Dtype, length: number): TypedArray;
export function allocate(dtype: Dtype, length: number): TypedArray {
  return allocateImpl(dtype, length, true);
}

/** Like `allocate` but the contents are unspecified (a re-used block keeps old values). */
export function allocateUninitialized(dtype: "float64" | "complex128", length: number): Float64Array;
export function allocateUninitialized(dtype: "float32", length: number): Float32Array;
export function allocateUninitialized(dtype: Dtype, length: number): TypedArray;
export function allocateUninitialized(dtype: Dtype, length: number): TypedArray {
  return allocateImpl(dtype, length, false);
}

function allocateImpl(dtype: Dtype, length: number, zero: boolean): TypedArray {
  const ctor = constructorOf(dtype);
  checkLength(length);
  const elements = dtype === "complex128" ? 2 * length : length;
  const a = getArena();
  if (a === null || elements === 0) return new ctor(elements);
  const block = a.reserve(elements * ctor.BYTES_PER_ELEMENT);
  if (block === null) {
    a.heapFallbacks++;
    return new ctor(elements);
  }
  const view = new ctor(a.buffer(), block.offset, elements);
  // fresh memory is already zero; a re-used block is not
  if (zero && block.reused === true) view.fill(0);
  block.reused = false;
  a.track(view, block);
  return view;
}

/**
 * Return an allocated buffer's block for re-use now instead of at garbage collection.
 * The caller promises not to touch `view` (or views derived from it) again.
 * Returns false (and does nothing) for arrays `allocate` did not hand out.
 */
export function release(view: ArrayBufferView): boolean {
  const a = getArena();
  return a === null ? false : a.release(view);
}

/** Is x a whole block handed out by `allocate` (not a derived view, not a foreign array)? */
export function isBlock(x: ArrayBufferView): boolean {
  const a = arena;
  return a !== undefined && a !== null && a.handedOut.has(x);
}

/** Is this array a view into the runtime's WebAssembly memory? */
export function isWasmResident(view: ArrayBufferView): boolean {
  const a = arena; // do not create the arena just to answer "no"
  return a !== undefined && a !== null && a.owns(view);
}

/** Diagnostics about the arena (for tests and benchmarks). */
export function memoryInfo(): ArenaInfo | null {
  const a = getArena();
  return a === null ? null : a.info();
}

/** Do two views share any byte (the same memory seen through different buffer objects included)? */
export function sharesBytes(x: ArrayBufferView, y: ArrayBufferView): boolean {
  const xb = x.buffer, yb = y.buffer;
  if (xb !== yb) {
    // distinct ArrayBuffers never share bytes (checked first: cheaper than asking the arena);
    // after a grow, views of the same shared memory have different buffer objects
    if (xb instanceof ArrayBuffer || yb instanceof ArrayBuffer) return false;
    if (!(isWasmResident(x) && isWasmResident(y))) return false;
  }
  return x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength;
}

/**
 * Do two views share bytes without being the exact same range? Kernels support
 * `out` aliasing an input exactly; a partial overlap must be copied first.
 */
export function partiallyOverlaps(x: ArrayBufferView, y: ArrayBufferView): boolean {
  return sharesBytes(x, y) && !(x.byteOffset === y.byteOffset && x.byteLength === y.byteLength);
}

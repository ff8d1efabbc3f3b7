// Reading the files arraylint analyses or benchmarks, for the CLI and the language server alike:
// only regular files, only up to a size cap, and never a blocking open (a FIFO, /dev/zero or a socket
// named on the command line or in a request gets a clear message, never a hang or a growing buffer).
import * as fs from "node:fs";
import { BOM, detectGeneratedCode, parseSuppressions } from "./engine/index";

/** Default cap of one source file (setting `arraylint.maxFileSize`, CLI `--max-file-size`). */
export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

/** How much of each end of a file over the cap is read to tell generated code from a large hand-written file. */
const SAMPLE_BYTES = 64 * 1024;

export class SourceReadError extends Error {
  override name = "SourceReadError";
  /** `generated`: over the cap but generated or minified, so skipped on purpose like any generated file. */
  constructor(message: string, readonly kind: "unreadable" | "too-large" | "generated") {
    super(message);
  }
}

/** "2 MB", "512 kB", "900 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} kB`;
  return `${n} bytes`;
}

/** Parses "2MB", "2 MB", "500k", "1048576" (bytes); undefined when it is not a positive size. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|bytes?|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? "b").toLowerCase()[0];
  const n = Number(m[1]) * (unit === "k" ? 1024 : unit === "m" ? 1024 ** 2 : unit === "g" ? 1024 ** 3 : 1);
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : undefined;
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === "ENOENT") return "no such file";
  if (err?.code === "EACCES" || err?.code === "EPERM") return "permission denied";
  return err?.code ?? (err instanceof Error ? err.message : String(e));
}

/** Is `file` a regular file (following symlinks)? Never opens it. */
export function isRegularFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function readAt(fd: number, length: number, position: number): Buffer {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/**
 * The text of a regular file of at most `maxBytes` bytes (UTF-8, a BOM kept as U+FEFF). Throws
 * SourceReadError (message without a stack, for people) for anything else: a missing file, a folder,
 * a FIFO, a device, a socket, or a file over the cap — `generated` when that large file is generated
 * or minified code (checked on its first and last 64 kB; `includeGenerated` turns this off).
 */
export function readSourceFile(file: string, maxBytes: number = DEFAULT_MAX_FILE_SIZE, opts: { includeGenerated?: boolean } = {}): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new SourceReadError(`cannot read: ${errorText(e)}`, "unreadable");
  }
  // stat never blocks; opening a FIFO would wait for a writer, and /dev/zero never ends
  if (!stat.isFile()) throw new SourceReadError(`not analysed: ${kindOf(stat)}, not a regular file`, "unreadable");
  let fd: number;
  try {
    // O_NONBLOCK: should the path have become a FIFO since the stat, the open still returns at once
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new SourceReadError(`cannot read: ${errorText(e)}`, "unreadable");
  }
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) throw new SourceReadError(`not analysed: ${kindOf(opened)}, not a regular file`, "unreadable");
    if (opened.size > maxBytes) {
      const over = `not analysed: ${formatBytes(opened.size)} is over the ${formatBytes(maxBytes)} file size limit (arraylint.maxFileSize, --max-file-size)`;
      if (!opts.includeGenerated) {
        const head = readAt(fd, SAMPLE_BYTES, 0).toString("utf8");
        const tail = readAt(fd, SAMPLE_BYTES, Math.max(SAMPLE_BYTES, opened.size - SAMPLE_BYTES)).toString("utf8");
        const generated = parseSuppressions(head).generated ? "marked @generated" : detectGeneratedCode(head + "\n" + tail);
        if (generated) throw new SourceReadError(`skipped: ${generated} (${formatBytes(opened.size)})`, "generated");
      }
      throw new SourceReadError(over, "too-large");
    }
    // one byte more than the cap tells a file that grew since the fstat; the buffer is sized by the
    // fstat (a zero-filled buffer of the whole cap per file cost more than the read), grown only if the file did
    let buf = readAt(fd, Math.min(opened.size + 1, maxBytes + 1), 0);
    if (buf.length > opened.size && buf.length <= maxBytes) buf = Buffer.concat([buf, readAt(fd, maxBytes + 1 - buf.length, buf.length)]);
    if (buf.length > maxBytes) throw new SourceReadError(`not analysed: over the ${formatBytes(maxBytes)} file size limit`, "too-large");
    return buf.toString("utf8");
  } catch (e) {
    if (e instanceof SourceReadError) throw e;
    throw new SourceReadError(`cannot read: ${errorText(e)}`, "unreadable");
  } finally {
    fs.closeSync(fd);
  }
}

/** `text` without a leading byte order mark, and whether it had one (to write it back). */
export function splitBom(text: string): { text: string; bom: boolean } {
  return text.startsWith(BOM) ? { text: text.slice(1), bom: true } : { text, bom: false };
}

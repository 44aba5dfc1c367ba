import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * What the hostile-input harness checks after each command: files drainsim does not own are
 * unchanged (inside or outside its output folder), the files it owns are whole, it left no
 * temporary file or lock behind, and its reports hold no raw control characters.
 */

/** Every path under `dir` (links not followed, FIFOs not opened) with a signature of what is there. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (path: string): void => {
    let stats;
    try {
      stats = lstatSync(path);
    } catch {
      return;
    }
    const rel = relative(dir, path);
    if (stats.isSymbolicLink()) out.set(rel, `link:${readlinkSync(path)}`);
    else if (stats.isDirectory()) {
      out.set(rel, 'dir');
      for (const name of readdirSync(path)) walk(join(path, name));
    } else if (stats.isFile()) {
      const bytes = readFileSync(path);
      out.set(rel, rel.endsWith('.drainsim-files') ? `list:${bytes.toString('utf8')}` : `file:${bytes.length}:${createHash('sha1').update(bytes).digest('hex')}`);
    } else out.set(rel, stats.isFIFO() ? 'fifo' : 'special');
  };
  walk(dir);
  return out;
}

/** The files a folder's list names, by kind (relative to the snapshot's root). */
function listed(shot: Map<string, string>, outRel: string): Map<string, string> {
  const list = shot.get(join(outRel, '.drainsim-files'));
  const files = new Map<string, string>();
  if (list === undefined || !list.startsWith('list:')) return files;
  for (const line of list.slice(5).split('\n')) {
    const m = /^(file|tmp)\t(.+)$/.exec(line);
    if (m) files.set(join(outRel, m[2]), m[1]);
  }
  return files;
}

/** Paths a command changed that it does not own: every path but the files its output folder lists (before or after). */
export function changedOutside(root: string, before: Map<string, string>, after: Map<string, string>, out: string | null): string[] {
  const problems: string[] = [];
  const outRel = out === null ? null : relative(root, out);
  const owned = outRel === null ? new Set<string>() : new Set([...listed(before, outRel).keys(), ...listed(after, outRel).keys()]);
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    if (before.get(path) === after.get(path)) continue;
    if (outRel !== null && (path === outRel || path.startsWith(`${outRel}/`))) {
      if (owned.has(path) || path === join(outRel, '.drainsim-files') || path === join(outRel, '.drainsim-lock')) continue;
      // A folder drainsim makes (charts/) holds only files it lists.
      if (before.get(path) === undefined && after.get(path) === 'dir') continue;
    }
    problems.push(`${path}: ${before.get(path) ?? 'absent'} -> ${after.get(path) ?? 'absent'} (not drainsim's to change)`);
  }
  return problems;
}

const PNG_END = Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
/** Raw control characters (not tab or line breaks), C1 ones as UTF-8. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0080-\u009f]/;

/** Whether a file drainsim wrote is whole, by what it is; a problem or null. */
export function wholeFile(path: string): string | null {
  const bytes = readFileSync(path);
  if (path.endsWith('.png')) return bytes.subarray(-8).equals(PNG_END) ? null : 'a PNG without its end';
  const text = bytes.toString('utf8');
  if (path.endsWith('.html')) {
    if (!text.trimEnd().endsWith('</html>')) return 'an HTML page without its end';
  } else if (path.endsWith('.json')) {
    try {
      JSON.parse(text);
    } catch {
      return 'JSON that does not parse';
    }
  } else if (path.endsWith('.jsonl')) {
    if (text !== '' && !text.endsWith('\n')) return 'a JSON-lines file cut inside a line';
    for (const line of text.split('\n').filter((l) => l !== '')) {
      try {
        JSON.parse(line);
      } catch {
        return 'a JSON line that does not parse';
      }
    }
  } else if (text !== '' && !text.endsWith('\n')) return 'a text file cut inside a line';
  if (/\.(html|csv|md)$/.test(path) && CONTROL.test(text)) return `a raw control character U+${text.match(CONTROL)![0].charCodeAt(0).toString(16).padStart(4, '0')}`;
  return null;
}

/**
 * The output folder after a command that ended (not killed): no lock of its own left, no
 * temporary file left, every file it lists whole.
 */
export function checkFolder(root: string, out: string, before: Map<string, string>, after: Map<string, string>): string[] {
  const outRel = relative(root, out);
  const problems: string[] = [];
  const lock = join(outRel, '.drainsim-lock');
  if (after.has(lock) && after.get(lock) !== before.get(lock)) problems.push('a lock left behind');
  for (const [path, kind] of listed(after, outRel)) {
    const sig = after.get(path);
    // Only what the command wrote: a file it left as it was (a tampered one) is not its doing.
    if (sig === undefined || sig === before.get(path)) continue;
    if (kind === 'tmp') problems.push(`${path}: a temporary file left behind`);
    else if (sig.startsWith('file:')) {
      const why = wholeFile(join(root, path));
      if (why !== null) problems.push(`${path}: ${why}`);
    }
  }
  return problems;
}

import { closeSync, openSync, readSync } from 'node:fs';

/** How reading a file ended: to its end, cut inside a UTF-8 character, or stopped by bytes that are not UTF-8. */
type ReadEnd = 'end' | 'cut' | 'not-utf8';

/**
 * Read a text file in chunks, decoded as UTF-8 (a byte-order mark at the start is dropped), so a
 * load file of any size is read in constant memory. Bytes that are not UTF-8 stop the reading.
 */
function readTextChunks(path: string, onText: (text: string) => void, chunkBytes = 1 << 20): ReadEnd {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const buf = Buffer.allocUnsafe(chunkBytes);
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, chunkBytes, null);
      let text: string;
      try {
        text = decoder.decode(buf.subarray(0, n), { stream: n > 0 });
      } catch {
        if (n === 0) return 'cut';
        // Hand over the text up to the first bad byte, so the reader is on the line that holds it.
        const lax = new TextDecoder('utf-8').decode(buf.subarray(0, n));
        const bad = lax.indexOf('\ufffd');
        if (bad > 0) onText(lax.slice(0, bad));
        return 'not-utf8';
      }
      if (text.length > 0) onText(text);
      if (n === 0) return 'end';
    }
  } finally {
    closeSync(fd);
  }
}

/** A streaming reader of one load-file format. */
export interface LoadFileReader {
  feed(text: string): void;
  end(cutInsideCharacter?: boolean): void;
  readonly currentLine: number;
}

/** Feed a whole file to a reader; bytes that are not UTF-8 are a problem at the line they are on. */
export function readLoadFile(path: string, reader: LoadFileReader, problems: { add(line: number | null, what: string): void }): void {
  const end = readTextChunks(path, (t) => reader.feed(t));
  if (end === 'not-utf8') problems.add(reader.currentLine, 'not valid UTF-8 (reading stopped here)');
  else reader.end(end === 'cut');
}

/**
 * The Opticon image load file (`.opt`) as IAPI writes it (VolumeManager.WriteOpticonLine): one
 * line per page, `bates,volume,path,Y,,,pages` on a document's first page and
 * `bates,volume,path,,,,` on the pages after it, CRLF line ends.
 */
export function opticonLine(bates: string, volume: string, path: string, firstPage: boolean, pages: number): string {
  return firstPage ? `${bates},${volume},${path},Y,,,${pages}\r\n` : `${bates},${volume},${path},,,,\r\n`;
}

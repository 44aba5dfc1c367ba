/**
 * Where IAPI puts a document's files in the destination folder (WinEDDS VolumeManager and
 * VolumeManagerV2's LabelManager): `VOL01\NATIVES\NATIVE001\` and `VOL01\IMAGES\IMG001\`. The
 * defaults are RIP's Export to LoadFile defaults in its public code. Every export run starts its
 * counters afresh from the start numbers (the volume manager is built per export), so a resumed
 * run appending to a folder writes into VOL01 again.
 */
export interface LayoutParams {
  volumePrefix: string;
  volumeStartNumber: number;
  volumeDigitPadding: number;
  /** VolumeMaxSize in MB (IAPI compares it, times 1024 * 1024, with the bytes of the files). */
  volumeMaxSizeMB: number;
  subdirectoryStartNumber: number;
  subdirectoryDigitPadding: number;
  /** SubdirectoryMaxFiles: natives (or images) per subdirectory. */
  subdirectoryMaxFiles: number;
  nativePrefix: string;
  imagePrefix: string;
}

export const IAPI_LAYOUT: Readonly<LayoutParams> = {
  volumePrefix: 'VOL',
  volumeStartNumber: 1,
  volumeDigitPadding: 2,
  volumeMaxSizeMB: 4400,
  subdirectoryStartNumber: 1,
  subdirectoryDigitPadding: 3,
  subdirectoryMaxFiles: 500,
  nativePrefix: 'NATIVE',
  imagePrefix: 'IMG',
};

/** A document's folders, relative to the destination folder, with `/` separators. */
export interface Placement {
  /** The volume label, e.g. `VOL01` (the Opticon line's volume). */
  volume: string;
  nativeDir: string;
  imageDir: string;
}

/**
 * One export run's volume manager: `place` each document in turn. The rules are
 * VolumeManager.ExportArtifact's: a document that would overflow the volume opens the next one
 * (or, if the volume is still empty, goes in and closes it); else one that would overflow the
 * subdirectory's images or natives opens the next subdirectory.
 */
export class VolumeLayout {
  private readonly p: LayoutParams;
  private readonly maxBytes: number;
  private volumeNumber = 0;
  private subdirectoryNumber = 0;
  private volumeBytes = 0;
  private imagesInSubdirectory = 0;
  private nativesInSubdirectory = 0;
  /** Labels of the current subdirectory (a new object only when they change). */
  private at: Placement = { volume: '', nativeDir: '', imageDir: '' };

  constructor(params: LayoutParams) {
    this.p = params;
    this.maxBytes = params.volumeMaxSizeMB * 1024 * 1024;
    this.reset();
  }

  /** A new export run: the counters start again from the start numbers. */
  reset(): void {
    this.volumeNumber = this.p.volumeStartNumber;
    this.openSubdirectory(this.p.subdirectoryStartNumber);
    this.volumeBytes = 0;
  }

  /** Place the next document: its native and image counts and the bytes of its files. */
  place(natives: number, images: number, bytes: number): Placement {
    const max = this.p.subdirectoryMaxFiles;
    let closeVolumeAfter = false;
    if (bytes + this.volumeBytes > this.maxBytes) {
      if (this.volumeBytes === 0) closeVolumeAfter = true;
      else this.nextVolume();
    } else if (images + this.imagesInSubdirectory > max || natives + this.nativesInSubdirectory > max) {
      this.openSubdirectory(this.subdirectoryNumber + 1);
    }
    const here = this.at;
    this.volumeBytes += bytes;
    this.nativesInSubdirectory += natives;
    this.imagesInSubdirectory += images;
    if (closeVolumeAfter) this.nextVolume();
    return here;
  }

  private nextVolume(): void {
    this.volumeNumber++;
    this.volumeBytes = 0;
    this.openSubdirectory(this.p.subdirectoryStartNumber);
  }

  private openSubdirectory(n: number): void {
    const { p } = this;
    this.subdirectoryNumber = n;
    this.imagesInSubdirectory = 0;
    this.nativesInSubdirectory = 0;
    const sub = String(n).padStart(p.subdirectoryDigitPadding, '0');
    const volume = p.volumePrefix + String(this.volumeNumber).padStart(p.volumeDigitPadding, '0');
    this.at = { volume, nativeDir: `${volume}/NATIVES/${p.nativePrefix}${sub}`, imageDir: `${volume}/IMAGES/${p.imagePrefix}${sub}` };
  }
}

/** The path IAPI writes in a load file with ExportedFilePathType Relative: `.\VOL01\NATIVES\NATIVE001\name`. */
export function relativeLoadFilePath(dir: string, name: string): string {
  return `.\\${dir.replaceAll('/', '\\')}\\${name}`;
}

import { describe, expect, it } from 'vitest';
import { IAPI_LAYOUT, relativeLoadFilePath, VolumeLayout } from '../../src/loadfile/layout.js';

const MB = 1024 * 1024;
const place = (l: VolumeLayout, n: number, natives: number, images: number, bytes = 0) => Array.from({ length: n }, () => l.place(natives, images, bytes));

describe("IAPI's volume and subdirectory layout", () => {
  it('starts at VOL01\\NATIVES\\NATIVE001 and VOL01\\IMAGES\\IMG001 (RIP defaults)', () => {
    const at = new VolumeLayout(IAPI_LAYOUT).place(1, 1, 1000);
    expect(at).toEqual({ volume: 'VOL01', nativeDir: 'VOL01/NATIVES/NATIVE001', imageDir: 'VOL01/IMAGES/IMG001' });
    expect(relativeLoadFilePath(at.nativeDir, 'DOC1.txt')).toBe('.\\VOL01\\NATIVES\\NATIVE001\\DOC1.txt');
  });

  it('opens the next subdirectory after 500 natives, or sooner when the images fill it', () => {
    const natives = place(new VolumeLayout(IAPI_LAYOUT), 1001, 1, 1);
    expect(natives[499].nativeDir).toBe('VOL01/NATIVES/NATIVE001');
    expect(natives[500].nativeDir).toBe('VOL01/NATIVES/NATIVE002');
    expect(natives[1000].imageDir).toBe('VOL01/IMAGES/IMG003');
    const threePages = place(new VolumeLayout(IAPI_LAYOUT), 167, 1, 3);
    expect(threePages[165].imageDir).toBe('VOL01/IMAGES/IMG001'); // 166 * 3 = 498 images
    expect(threePages[166].imageDir).toBe('VOL01/IMAGES/IMG002');
  });

  it('opens the next volume when the bytes would overflow it, with the subdirectories counted from 1 again', () => {
    const l = new VolumeLayout({ ...IAPI_LAYOUT, volumeMaxSizeMB: 10 });
    const at = place(l, 5, 1, 1, 3 * MB);
    expect(at.map((p) => p.volume)).toEqual(['VOL01', 'VOL01', 'VOL01', 'VOL02', 'VOL02']);
    expect(at[3].nativeDir).toBe('VOL02/NATIVES/NATIVE001');
  });

  it('a document larger than a volume fills an empty one alone, or opens a new one', () => {
    const l = new VolumeLayout({ ...IAPI_LAYOUT, volumeMaxSizeMB: 10 });
    expect(place(l, 3, 1, 0, 30 * MB).map((p) => p.volume)).toEqual(['VOL01', 'VOL02', 'VOL03']);
    expect(l.place(1, 0, MB).volume).toBe('VOL04');
    expect(l.place(1, 0, 30 * MB).volume).toBe('VOL05');
    expect(l.place(1, 0, MB).volume).toBe('VOL06');
  });

  it('every export run starts from the start numbers again', () => {
    const l = new VolumeLayout(IAPI_LAYOUT);
    place(l, 700, 1, 1);
    l.reset();
    expect(l.place(1, 1, 0).nativeDir).toBe('VOL01/NATIVES/NATIVE001');
  });
});

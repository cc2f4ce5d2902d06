import { describe, expect, it } from 'vitest';
import { nameForKind } from './nameForKind.ts';

describe('nameForKind', () => {
  it('keeps a name whose extension is one of the kind’s, in any case', () => {
    expect(nameForKind('Board minutes.PDF', 'pdf')).toEqual({ ok: true, name: 'Board minutes.PDF' });
    expect(nameForKind('photo.jpeg', 'jpeg')).toEqual({ ok: true, name: 'photo.jpeg' });
    expect(nameForKind('Q3 v2.1 report.docx', 'docx')).toEqual({ ok: true, name: 'Q3 v2.1 report.docx' });
  });

  it('gives a name without an extension the kind’s, so a download opens as what it is', () => {
    expect(nameForKind('scan', 'png')).toEqual({ ok: true, name: 'scan.png' });
    expect(nameForKind('Minutes 12.03', 'pdf')).toEqual({ ok: true, name: 'Minutes 12.03.pdf' });
  });

  it('H52: refuses a PNG named .pdf, saying what it is and how to fix it', () => {
    const named = nameForKind('scan.pdf', 'png');
    expect(named.ok).toBe(false);
    if (!named.ok)
      expect(named.reason).toBe(
        '"scan.pdf" is named as a PDF but it is a PNG image. Rename it to end in .png, or attach the file you meant.',
      );
  });

  it('refuses a name ending in another program’s extension', () => {
    const named = nameForKind('invoice.exe', 'pdf');
    expect(named.ok).toBe(false);
    if (!named.ok) expect(named.reason).toContain('a .exe file but it is a PDF');
    expect(nameForKind('figures.txt', 'csv').ok).toBe(false);
  });
});

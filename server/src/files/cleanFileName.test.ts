import { FILE_NAME_MAX_CHARS } from '@jointly/shared';
import { describe, expect, it } from 'vitest';
import { cleanFileName } from './cleanFileName.ts';

describe('cleanFileName (RELIABILITY H55)', () => {
  it('keeps only the last path part', () => {
    expect(cleanFileName('../../x')).toBe('x');
    expect(cleanFileName('C:\\Users\\me\\report.pdf')).toBe('report.pdf');
    expect(cleanFileName('/etc/passwd')).toBe('passwd');
    expect(cleanFileName('..')).toBe('file');
    expect(cleanFileName('dir/')).toBe('file');
  });

  it('drops control characters and direction overrides, so the name reads as it is', () => {
    expect(cleanFileName('report\r\nSet-Cookie: x=1.pdf')).toBe('reportSet-Cookie: x=1.pdf');
    expect(cleanFileName('photo\u202Egpj.exe')).toBe('photogpj.exe');
    expect(cleanFileName('a\u0000b\u2066c\u200Fd.png')).toBe('abcd.png');
  });

  it('keeps reserved device names and other scripts as they are: the name is never a path', () => {
    expect(cleanFileName('CON')).toBe('CON');
    expect(cleanFileName('Évaluation – résumé.pdf')).toBe('Évaluation – résumé.pdf');
  });

  it('cuts long names to FILE_NAME_MAX_CHARS characters, never inside one', () => {
    const long = `${'😀'.repeat(FILE_NAME_MAX_CHARS + 10)}.pdf`;
    const cut = cleanFileName(long);
    expect([...cut]).toHaveLength(FILE_NAME_MAX_CHARS);
    expect(cut).toBe('😀'.repeat(FILE_NAME_MAX_CHARS));
  });
});

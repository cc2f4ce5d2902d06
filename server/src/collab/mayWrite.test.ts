import { describe, expect, it } from 'vitest';
import { mayWrite } from './mayWrite.ts';

describe('mayWrite', () => {
  it('C-WRITE-1: leads and contributors write a draft; viewers never do', () => {
    expect(mayWrite('lead', 'draft')).toBe(true);
    expect(mayWrite('contributor', 'draft')).toBe(true);
    expect(mayWrite('viewer', 'draft')).toBe(false);
  });

  it('C-WRITE-2: nobody writes a submitted (or vanished) entry', () => {
    expect(mayWrite('lead', 'submitted')).toBe(false);
    expect(mayWrite('contributor', 'submitted')).toBe(false);
    expect(mayWrite('lead', null)).toBe(false);
  });
});

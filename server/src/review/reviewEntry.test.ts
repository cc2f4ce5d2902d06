import { ErrorCode } from '@jointly/shared';
import { findCategory } from '@jointly/templates';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/HttpError.ts';
import { sectionOf, sectionTitled } from './reviewEntry.ts';

const template = findCategory('hsj-partnership-long-term-partnership')!;
const first = template.sections[0]!;

describe('reviewEntry', () => {
  it('I12-4: sectionOf finds a template section and answers 400 validation on sectionId otherwise', () => {
    expect(sectionOf(template, first.id)).toBe(first);
    let error: unknown;
    try {
      sectionOf(template, 'no-such-section');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 400, code: ErrorCode.validation, issues: [{ path: 'sectionId' }] });
  });

  it('I12-4: sectionTitled keeps a stored comment readable when its section left the template', () => {
    expect(sectionTitled(template, first.id)).toBe(first);
    expect(sectionTitled(template, 'gone')).toEqual({ id: 'gone', title: 'gone' });
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SHORT_FIELDS_MAP } from './documentLayout.ts';
import { readShortFields, type ShortFieldRule, shortFieldProblem } from './shortFields.ts';

const title: ShortFieldRule = {
  id: 'project-title',
  label: 'Project title',
  charLimit: 20,
  wordLimit: 3,
  required: true,
};
const summary: ShortFieldRule = { id: 'summary', label: 'Summary', charLimit: 50, required: false };

describe('shortFieldProblem (issue 17 item 1: what blocks submission)', () => {
  it('refuses a required field left empty or blank, and passes an optional one', () => {
    expect(shortFieldProblem(title, '')).toBe('“Project title” is required.');
    expect(shortFieldProblem(title, '   ')).toBe('“Project title” is required.');
    expect(shortFieldProblem(summary, '')).toBeNull();
  });

  it('counts characters and words against the limits, at the limit accepted', () => {
    expect(shortFieldProblem(title, 'a'.repeat(20))).toBeNull();
    expect(shortFieldProblem(title, 'a'.repeat(21))).toBe('“Project title” has 21 characters; the limit is 20.');
    expect(shortFieldProblem(title, 'One two three')).toBeNull();
    expect(shortFieldProblem(title, 'One two three four')).toBe('“Project title” has 4 words; the limit is 3.');
  });

  it('refuses a line break: the fields are single lines', () => {
    expect(shortFieldProblem(summary, 'one\ntwo')).toBe('“Summary” must be a single line.');
    expect(shortFieldProblem(summary, 'one\u2028two')).toBe('“Summary” must be a single line.');
  });
});

describe('readShortFields', () => {
  it('reads the declared fields in order, "" for one never written, and skips what is not a Y.Text', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<unknown>(SHORT_FIELDS_MAP);
    const text = new Y.Text();
    map.set('summary', text);
    text.insert(0, 'Faster discharge');
    map.set('project-title', 'a raw string');
    map.set('undeclared', new Y.Text('x'));
    expect(readShortFields(doc, [title, summary]).map(({ field, value }) => [field.id, value])).toEqual([
      ['project-title', ''],
      ['summary', 'Faster discharge'],
    ]);
  });

  it('reads a document whose shortFields is another kind of type as empty', () => {
    const doc = new Y.Doc();
    doc.getArray(SHORT_FIELDS_MAP).push(['x']);
    expect(readShortFields(doc, [title]).map(({ value }) => value)).toEqual(['']);
  });
});

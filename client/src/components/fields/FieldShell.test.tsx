import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CheckboxGroup } from './CheckboxGroup.tsx';
import { describeField, FieldShell } from './FieldShell.tsx';
import { RadioGroup } from './RadioGroup.tsx';
import { SelectField } from './SelectField.tsx';
import { TextAreaField } from './TextAreaField.tsx';
import { TextField } from './TextField.tsx';

const noop = () => undefined;

describe('I12-5: one field shell for label, hint, error and aria-describedby', () => {
  it('names the hint then the error, and marks the control invalid only with an error', () => {
    expect(describeField('x', 'A hint', 'An error')).toEqual({ describedBy: 'x-hint x-error', invalid: true });
    expect(describeField('x', 'A hint', undefined)).toEqual({ describedBy: 'x-hint', invalid: undefined });
    expect(describeField('x', null, 'An error')).toEqual({ describedBy: 'x-error', invalid: true });
    expect(describeField('x', undefined, '')).toEqual({ describedBy: undefined, invalid: undefined });
  });

  it('a single control: label for it, hint and error in order, the control described by both', () => {
    const { container } = render(
      <FieldShell id="name" label="Name" hint="As on your badge" error="Enter your name" groupClassName="extra">
        {({ describedBy, invalid }) => <input id="name" aria-describedby={describedBy} aria-invalid={invalid} />}
      </FieldShell>,
    );
    const input = screen.getByRole('textbox', { name: 'Name' });
    expect(input.getAttribute('aria-describedby')).toBe('name-hint name-error');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(container.firstElementChild?.className).toBe('nhsuk-form-group nhsuk-form-group--error extra');
    expect([...(container.firstElementChild?.children ?? [])].map((child) => child.tagName)).toEqual([
      'LABEL',
      'DIV',
      'SPAN',
      'INPUT',
    ]);
    expect(document.getElementById('name-error')?.textContent).toBe('Error: Enter your name');
  });

  it('a group: the fieldset is described, its controls are not described again', () => {
    render(
      <FieldShell id="pick" legend="Pick one" legendClassName="nhsuk-fieldset__legend" hint="Only one">
        {({ describedBy }) => <input type="checkbox" id="pick" aria-label="One" aria-describedby={describedBy} />}
      </FieldShell>,
    );
    const group = screen.getByRole('group', { name: 'Pick one' });
    expect(group.getAttribute('aria-describedby')).toBe('pick-hint');
    expect(screen.getByRole('checkbox', { name: 'One' }).hasAttribute('aria-describedby')).toBe(false);
  });

  it('no hint and no error: nothing described, nothing invalid', () => {
    const { container } = render(<TextField id="plain" label="Plain" value="" onChange={noop} />);
    const input = screen.getByRole('textbox', { name: 'Plain' });
    expect(input.hasAttribute('aria-describedby')).toBe(false);
    expect(input.hasAttribute('aria-invalid')).toBe(false);
    expect(container.querySelector('.nhsuk-hint, .nhsuk-error-message')).toBeNull();
  });

  it('every field announces its hint then its error', () => {
    render(
      <>
        <TextField id="t" label="Text" value="" onChange={noop} hint="h" error="e" />
        <TextAreaField id="a" label="Area" value="" onChange={noop} hint="h" error="e" />
        <SelectField
          id="s"
          label="Select"
          value="x"
          options={[{ value: 'x', label: 'X' }]}
          onChange={noop}
          hint="h"
          error="e"
        />
        <CheckboxGroup
          id="c"
          legend="Boxes"
          options={[{ value: 'a', label: 'A' }]}
          values={[]}
          onChange={noop}
          hint="h"
          error="e"
        />
        <RadioGroup
          id="r"
          name="r"
          legend="Radios"
          options={[{ value: 'a', label: 'B' }]}
          value=""
          onChange={noop}
          hint="h"
          error="e"
        />
      </>,
    );
    expect(screen.getByRole('textbox', { name: 'Text' }).getAttribute('aria-describedby')).toBe('t-hint t-error');
    expect(screen.getByRole('textbox', { name: 'Area' }).getAttribute('aria-describedby')).toBe('a-hint a-error');
    expect(screen.getByRole('combobox', { name: 'Select' }).getAttribute('aria-describedby')).toBe('s-hint s-error');
    expect(screen.getByRole('group', { name: 'Boxes' }).getAttribute('aria-describedby')).toBe('c-hint c-error');
    expect(screen.getByRole('group', { name: 'Radios' }).getAttribute('aria-describedby')).toBe('r-hint r-error');
    for (const id of ['t', 'a', 's', 'c', 'r']) {
      expect(document.getElementById(`${id}-error`)?.textContent).toBe('Error: e');
    }
  });
});

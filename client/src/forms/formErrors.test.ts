import { loginBody } from '@jointly/shared';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/ApiError.ts';
import { errorsFromFailure, errorsFromIssues, summaryItems, validateWith } from './formErrors.ts';

const FIELDS = ['email', 'password'] as const;

describe('form errors', () => {
  it('puts server issues next to their fields, whatever the path style', () => {
    const errors = errorsFromIssues(
      [
        { path: 'body.email', message: 'Enter an email address' },
        { path: '/password', message: 'Too short' },
        { path: 'email', message: 'second message for email is dropped' },
        { path: 'somethingElse', message: 'About the whole form' },
      ],
      FIELDS,
    );
    expect(errors.fields).toEqual({ email: 'Enter an email address', password: 'Too short' });
    expect(errors.form).toEqual(['About the whole form']);
  });

  it('shows the server message when a failure has no field issues', () => {
    const errors = errorsFromFailure(new ApiError(401, 'invalid_credentials', 'Email or password is wrong'), FIELDS);
    expect(errors.form).toEqual(['Email or password is wrong']);
  });

  it('validates with the shared request schemas', () => {
    const errors = validateWith(loginBody, { email: 'not-an-email', password: '' }, FIELDS);
    expect(Object.keys(errors.fields).sort()).toEqual(['email', 'password']);
  });

  it('lists summary items in field order, linked to field ids', () => {
    const items = summaryItems({ fields: { password: 'p', email: 'e' }, form: ['f'] }, FIELDS, (f) => `x-${f}`);
    expect(items).toEqual([
      { fieldId: null, message: 'f' },
      { fieldId: 'x-email', message: 'e' },
      { fieldId: 'x-password', message: 'p' },
    ]);
  });
});

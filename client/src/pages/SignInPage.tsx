import { loginBody } from '@jointly/shared';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/ApiError.ts';
import { signIn } from '../api/apiClient.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { authPath, safeNextPath } from '../auth/safeNextPath.ts';
import { ErrorSummary } from '../components/fields/ErrorSummary.tsx';
import { TextField } from '../components/fields/TextField.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';
import { SingleSignOnButton, SingleSignOnError } from '../components/singleSignOn/SingleSignOn.tsx';
import { SecondFactorForm } from '../components/twoFactor/SecondFactorForm.tsx';
import { errorsFromFailure, hasErrors, noErrors, summaryItems, validateWith } from '../forms/formErrors.ts';

const FIELDS = ['email', 'password'] as const;
type Field = (typeof FIELDS)[number];

export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const { session, signedIn } = useSession();
  const navigate = useNavigate();
  const [values, setValues] = useState({ email: params.get('email') ?? '', password: '' });
  const [errors, setErrors] = useState(noErrors<Field>());
  const [attempt, setAttempt] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  // Two-factor accounts (issue 15): the password was right, the code comes next.
  const [secondStep, setSecondStep] = useState(false);

  if (session.status === 'signedIn' && !submitting) return <Navigate to={next} replace />;

  const set = (field: Field) => (value: string) => setValues((current) => ({ ...current, [field]: value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (submitting) return;
    const invalid = validateWith(loginBody, values, FIELDS);
    setAttempt((n) => n + 1);
    if (hasErrors(invalid)) {
      setErrors(invalid);
      return;
    }
    setSubmitting(true);
    try {
      const me = await signIn(values);
      setErrors(noErrors());
      signedIn(me);
      navigate(next, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'second_factor_required') {
        setErrors(noErrors());
        setSecondStep(true);
        return;
      }
      setErrors(errorsFromFailure(error, FIELDS));
    } finally {
      setSubmitting(false);
    }
  }

  if (secondStep) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <SecondFactorForm
            onSignedIn={(me) => {
              signedIn(me);
              navigate(next, { replace: true });
            }}
            onStartAgain={(reason) => {
              setSecondStep(false);
              setValues((current) => ({ ...current, password: '' }));
              setErrors({ fields: {}, form: [reason] });
              setAttempt((n) => n + 1);
            }}
          />
        </div>
      </div>
    );
  }

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={attempt} />
        {attempt === 0 ? <SingleSignOnError reason={params.get('sso_error')} /> : null}
        {params.get('expired') === '1' ? (
          <div className="nhsuk-inset-text">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>Your session has ended. Sign in again to carry on where you left off.</p>
          </div>
        ) : null}
        <PageHeading>Sign in</PageHeading>
        <SingleSignOnButton next={next} />
        <form noValidate onSubmit={onSubmit}>
          <TextField
            id="email"
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            value={values.email}
            onChange={set('email')}
            error={errors.fields.email}
          />
          <TextField
            id="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            value={values.password}
            onChange={set('password')}
            error={errors.fields.password}
          />
          <button className="nhsuk-button" type="submit" aria-disabled={submitting}>
            {submitting ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="nhsuk-body">
          <Link
            to={values.email ? `/forgotten-password?email=${encodeURIComponent(values.email)}` : '/forgotten-password'}
          >
            Forgotten your password?
          </Link>
        </p>
        <p className="nhsuk-body">
          New to Jointly? <Link to={authPath('/signup', next, values.email || null)}>Create an account</Link>
        </p>
      </div>
    </div>
  );
}

import {
  ORGANISATION_KIND_LABELS,
  ORGANISATION_KINDS,
  type OrganisationSearchResultDto,
  PASSWORD_MIN_LENGTH,
  signupBody,
} from '@jointly/shared';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { signUp } from '../api/apiClient.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { authPath, safeNextPath } from '../auth/safeNextPath.ts';
import { ErrorSummary } from '../components/fields/ErrorSummary.tsx';
import { RadioGroup } from '../components/fields/RadioGroup.tsx';
import { TextField } from '../components/fields/TextField.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';
import { JoiningNotice } from '../components/organisation/JoiningNotice.tsx';
import { OrganisationPicker } from '../components/organisation/OrganisationPicker.tsx';
import { SingleSignOnButton } from '../components/singleSignOn/SingleSignOn.tsx';
import { errorsFromFailure, hasErrors, noErrors, summaryItems, validateWith } from '../forms/formErrors.ts';

const FIELDS = ['name', 'email', 'password', 'organisationName', 'organisationKind', 'organisationId'] as const;
type Field = (typeof FIELDS)[number];
/** The picked organisation's problems show at the picker, which is the organisation name's box. */
const fieldId = (field: Field) => (field === 'organisationId' ? 'organisationName' : field);

const KIND_OPTIONS = ORGANISATION_KINDS.map((kind) => ({ value: kind, label: ORGANISATION_KIND_LABELS[kind] }));

export function SignUpPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const { session, signedIn } = useSession();
  const navigate = useNavigate();
  const [values, setValues] = useState<Record<Exclude<Field, 'organisationId'>, string>>({
    name: '',
    email: params.get('email') ?? '',
    password: '',
    organisationName: '',
    organisationKind: '',
  });
  const [picked, setPicked] = useState<OrganisationSearchResultDto | null>(null);
  const [errors, setErrors] = useState(noErrors<Field>());
  const [attempt, setAttempt] = useState(0);
  const [submitting, setSubmitting] = useState(false);

  if (session.status === 'signedIn' && !submitting) return <Navigate to={next} replace />;

  const set = (field: Exclude<Field, 'organisationId'>) => (value: string) =>
    setValues((current) => ({ ...current, [field]: value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (submitting) return;
    setAttempt((n) => n + 1);
    // An organisation picked from the list is joined by its id; otherwise the name and type make one
    // (or join the one of that name: the server keeps one organisation per name).
    const body = {
      name: values.name,
      email: values.email,
      password: values.password,
      ...(picked
        ? { organisationId: picked.id }
        : { organisationName: values.organisationName, organisationKind: values.organisationKind }),
    };
    const invalid = validateWith(signupBody, body, FIELDS);
    if (hasErrors(invalid)) {
      setErrors(invalid);
      return;
    }
    setSubmitting(true);
    try {
      const me = await signUp(signupBody.parse(body));
      setErrors(noErrors());
      signedIn(me);
      navigate(next, { replace: true });
    } catch (error) {
      setErrors(errorsFromFailure(error, FIELDS));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary items={summaryItems(errors, FIELDS, fieldId)} focusKey={attempt} />
        <PageHeading>Create an account</PageHeading>
        <SingleSignOnButton next={next} />
        <p className="nhsuk-body">
          Your account shows everyone on an entry who wrote what, and for which organisation.
        </p>
        <form noValidate onSubmit={onSubmit}>
          <TextField
            id="name"
            label="Your full name"
            autoComplete="name"
            spellCheck={false}
            value={values.name}
            onChange={set('name')}
            error={errors.fields.name}
          />
          <TextField
            id="email"
            label="Email address"
            hint="Use your work email address. Invitations are sent to it."
            type="email"
            autoComplete="email"
            spellCheck={false}
            value={values.email}
            onChange={set('email')}
            error={errors.fields.email}
          />
          <TextField
            id="password"
            label="Create a password"
            hint={`Use at least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong password.`}
            type="password"
            autoComplete="new-password"
            value={values.password}
            onChange={set('password')}
            error={errors.fields.password}
          />
          <OrganisationPicker
            id="organisationName"
            label="Organisation name"
            hint="Start typing its name or ODS code and choose it from the list. If it is not there, carry on typing its full name to create it: you will be its admin."
            text={values.organisationName}
            onTextChange={set('organisationName')}
            picked={picked}
            onPick={setPicked}
            error={errors.fields.organisationName ?? errors.fields.organisationId}
          />
          {picked ? (
            <JoiningNotice organisation={picked} email={values.email} />
          ) : (
            <RadioGroup
              id="organisationKind"
              name="organisationKind"
              legend="Type of organisation"
              options={KIND_OPTIONS}
              value={values.organisationKind}
              onChange={set('organisationKind')}
              error={errors.fields.organisationKind}
            />
          )}
          <button className="nhsuk-button" type="submit" aria-disabled={submitting}>
            {submitting ? 'Creating account…' : 'Create account'}
          </button>
        </form>
        <p className="nhsuk-body">
          Already have an account? <Link to={authPath('/signin', next, values.email || null)}>Sign in</Link>
        </p>
      </div>
    </div>
  );
}

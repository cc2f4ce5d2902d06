import { ErrorCode, type MfaRequirementDto } from '@jointly/shared';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/ApiError.ts';
import { setMfaRequirement } from '../../api/organisationSecurityApi.ts';
import { plural } from '../../format/plural.ts';
import { RadioGroup } from '../fields/RadioGroup.tsx';
import { problemText } from '../layout/ProblemMessage.tsx';
import { twoFactorEnrolmentPath } from '../layout/TwoFactorEnrolmentGate.tsx';

type MfaRequirementFormProps = {
  organisationId: string;
  organisationName: string;
  initial: MfaRequirementDto;
  /** After a change is saved (the audit log has a new record). */
  onSaved: () => void;
};

/**
 * Whether the organisation's members must use two-factor sign-in (issue 15), with how many have
 * not set it up yet. Radios and a Save button, as every NHS.UK settings form.
 */
export function MfaRequirementForm({ organisationId, organisationName, initial, onSaved }: MfaRequirementFormProps) {
  const [current, setCurrent] = useState(initial);
  const [choice, setChoice] = useState(initial.required ? 'yes' : 'no');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const [problem, setProblem] = useState<{ text: string; setUpFirst: boolean } | null>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setNotice('');
    setProblem(null);
    try {
      const saved = await setMfaRequirement(organisationId, choice === 'yes');
      setCurrent(saved);
      setNotice(
        saved.required
          ? 'Two-factor authentication is now required. People without it set it up the next time they do anything.'
          : 'Two-factor authentication is no longer required.',
      );
      onSaved();
    } catch (error) {
      const setUpFirst = error instanceof ApiError && error.code === ErrorCode.twoFactorState;
      setProblem({ text: problemText(error), setUpFirst });
    } finally {
      setBusy(false);
    }
  }

  const without = current.membersWithoutTwoFactor;
  return (
    <section aria-labelledby="mfa-requirement-heading">
      <h2 className="nhsuk-heading-m" id="mfa-requirement-heading">
        Two-factor authentication
      </h2>
      <p className="nhsuk-body">
        {current.required
          ? `Everyone in ${organisationName} who signs in with a password must use two-factor authentication.`
          : `People in ${organisationName} choose for themselves whether to use two-factor authentication.`}{' '}
        {without === 0
          ? 'Everyone has set it up.'
          : `${plural(without, 'member has', 'members have')} not set it up yet.`}
      </p>
      <form noValidate onSubmit={save}>
        <RadioGroup
          id="mfa-required"
          name="mfa-required"
          legend={`Require two-factor authentication for everyone in ${organisationName}?`}
          legendSize="s"
          hint="The NHS Data Security and Protection Toolkit expects it wherever personal information, such as patient testimonials, can be reached."
          value={choice}
          onChange={setChoice}
          options={[
            {
              value: 'yes',
              label: 'Yes, require it',
              hint: 'Anyone who signs in with a password and has not set it up is taken to set it up before they can do anything else. People who sign in by single sign-on are checked by your organisation’s own sign-in service instead.',
            },
            { value: 'no', label: 'No, let each person choose' },
          ]}
        />
        <button type="submit" className="nhsuk-button" aria-disabled={busy}>
          Save
        </button>
      </form>
      <p className="nhsuk-body" role="status">
        {notice}
      </p>
      {problem ? (
        <div className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">Error: </span>
          {problem.text}{' '}
          {problem.setUpFirst ? (
            <Link to={twoFactorEnrolmentPath('/organisation/security')}>Set up two-factor authentication</Link>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

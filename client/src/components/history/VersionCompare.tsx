import { CURRENT_VERSION, type SectionCompareDto, type SectionVersionDto } from '@jointly/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { compareSectionVersions } from '../../api/apiClient.ts';
import { SelectField } from '../fields/SelectField.tsx';
import { InlineError } from '../layout/InlineError.tsx';
import { problemText } from '../layout/ProblemMessage.tsx';
import { VersionDiff } from './VersionDiff.tsx';
import { versionLabel } from './versionLabel.ts';

type VersionCompareProps = {
  entryId: string;
  sectionId: string;
  versions: SectionVersionDto[];
};

/** Choose two versions (or one and the text now) and compare them word by word. */
export function VersionCompare({ entryId, sectionId, versions }: VersionCompareProps) {
  const [from, setFrom] = useState(versions[0]?.id ?? '');
  const [to, setTo] = useState(CURRENT_VERSION);
  const [result, setResult] = useState<SectionCompareDto | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const [focusResult, setFocusResult] = useState(false);

  // A version that disappeared from the list (thinned) is not offered any longer.
  useEffect(() => {
    if (!versions.some((v) => v.id === from)) setFrom(versions[0]?.id ?? '');
  }, [versions, from]);
  useEffect(() => {
    if (focusResult) {
      heading.current?.focus();
      setFocusResult(false);
    }
  }, [focusResult]);

  const options = [
    { value: CURRENT_VERSION, label: 'The text now' },
    ...versions.map((v) => ({ value: v.id, label: versionLabel(v) })),
  ];
  const nameOf = (id: string) => options.find((o) => o.value === id)?.label ?? id;

  const compare = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      setResult(await compareSectionVersions(entryId, sectionId, from, to));
      setFocusResult(true);
    } catch (failure) {
      setResult(null);
      setProblem(`The versions could not be compared: ${problemText(failure)}`);
    } finally {
      setBusy(false);
    }
  };

  if (versions.length === 0) return null;
  return (
    <div className="jointly-history__compare">
      <form onSubmit={compare}>
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Compare versions</legend>
          <SelectField
            id={`history-from-${sectionId}`}
            label="From"
            value={from}
            options={options}
            onChange={setFrom}
            compact
          />
          <SelectField
            id={`history-to-${sectionId}`}
            label="To"
            value={to}
            options={options}
            onChange={setTo}
            compact
          />
        </fieldset>
        <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={busy}>
          Compare
        </button>
      </form>
      {problem ? <InlineError>{problem}</InlineError> : null}
      {result ? (
        <section className="jointly-history__result" aria-labelledby={`history-result-${sectionId}`}>
          <h4 className="nhsuk-heading-xs" id={`history-result-${sectionId}`} ref={heading} tabIndex={-1}>
            Changes from {nameOf(result.from)} to {nameOf(result.to)}
          </h4>
          {result.changed ? (
            result.blocks.every((block) => block.kind === 'same') ? (
              <p>The words are the same; only their formatting changed.</p>
            ) : (
              <VersionDiff blocks={result.blocks} label="Changes, paragraph by paragraph" />
            )
          ) : (
            <p>These two versions are the same.</p>
          )}
        </section>
      ) : null}
    </div>
  );
}

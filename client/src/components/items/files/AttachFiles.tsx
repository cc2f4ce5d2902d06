import { FILE_ACCEPT } from '@jointly/shared';
import { type DragEvent, useRef, useState } from 'react';
import type { UploadState } from './useUploads.ts';

type AttachFilesProps = {
  /** Prefix of the control's element ids (unique on the page). */
  id: string;
  /** The button's words, e.g. "Attach files" or "Attach signed consent forms". */
  label: string;
  /** What the files are attached to, for the button's accessible name. */
  target: string;
  uploads: readonly UploadState[];
  announcement: string;
  onFiles(files: File[]): void;
};

/**
 * Attaching files: a real file input behind a visible button (the keyboard
 * path), a drop zone around it for dragging, each upload's progress as a
 * `<progress>` with its percentage, and refusals in words next to the
 * control, linked to the button with aria-describedby and announced.
 */
export function AttachFiles({ id, label, target, uploads, announcement, onFiles }: AttachFilesProps) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const errors = uploads.filter((u) => u.error !== null);
  const inProgress = uploads.filter((u) => u.error === null);
  const errorsId = `${id}-errors`;
  const hintId = `${id}-hint`;

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const files = [...event.dataTransfer.files];
    if (files.length > 0) onFiles(files);
  };

  return (
    // The drop zone is a pointer convenience; the button is the keyboard path to the same input.
    <fieldset
      className={`nhsuk-fieldset jointly-attach${dragging ? ' jointly-attach--dragging' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <legend className="nhsuk-u-visually-hidden">
        {label} to {target}
      </legend>
      <button
        type="button"
        id={`${id}-button`}
        className="nhsuk-button nhsuk-button--small nhsuk-button--secondary jointly-attach__button"
        aria-describedby={errors.length > 0 ? `${errorsId} ${hintId}` : hintId}
        onClick={() => input.current?.click()}
      >
        {label}
        <span className="nhsuk-u-visually-hidden"> to {target}</span>
      </button>
      <input
        ref={input}
        id={`${id}-input`}
        type="file"
        multiple
        accept={FILE_ACCEPT}
        hidden
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          // Cleared so choosing the same file again is a change too.
          event.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      <p className="nhsuk-body-s jointly-attach__hint" id={hintId}>
        Or drop files here. PDF, PNG, JPEG, Word, Excel, PowerPoint or CSV.
      </p>
      {/* The live region stays in the page so a refusal added to it is announced; the list inside keeps its role. */}
      <div id={errorsId} role="alert" className="jointly-attach__errors">
        {errors.length > 0 ? (
          <ul className="nhsuk-list nhsuk-error-message">
            {errors.map((upload) => (
              <li key={upload.key}>
                <span className="nhsuk-u-visually-hidden">Error: </span>
                {upload.error}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {inProgress.length > 0 ? (
        <ul className="nhsuk-list nhsuk-body-s jointly-attach__uploads" aria-label="Uploads in progress">
          {inProgress.map((upload) => (
            <li key={upload.key}>
              <label htmlFor={`${upload.key}-progress`}>
                {upload.percent < 100 ? `Uploading ${upload.name}` : `Checking ${upload.name}`}
              </label>{' '}
              <progress id={`${upload.key}-progress`} max={100} value={upload.percent}>
                {upload.percent}%
              </progress>{' '}
              <span aria-hidden="true">{upload.percent}%</span>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="nhsuk-u-visually-hidden" role="status">
        {announcement}
      </p>
    </fieldset>
  );
}

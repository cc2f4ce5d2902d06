import { FILE_ACCEPT, FILE_TYPES, type FileDto, fileKindOfMime } from '@jointly/shared';
import { useEffect, useRef, useState } from 'react';
import { entryFileThumbnailUrl, entryFileUrl } from '../../../api/apiClient.ts';
import { formatDateTime } from '../../../format/formatDate.ts';
import { plural } from '../../../format/plural.ts';
import { ConfirmAction } from '../../layout/ConfirmAction.tsx';
import { formatFileSize } from './formatFileSize.ts';

type AttachedFileProps = {
  entryId: string;
  fileId: string;
  /** What the server recorded about it; undefined while the list is being read. */
  file: FileDto | undefined;
  position: number;
  count: number;
  editable: boolean;
  onMove(step: -1 | 1): void;
  onReplace(file: File): void;
  onRemove(): void;
};

const SMALL = 'nhsuk-button nhsuk-button--small nhsuk-button--secondary';

/** One attached file: its first-page thumbnail, name, kind, size, pages and uploader, and (for editors) its actions. */
export function AttachedFile({
  entryId,
  fileId,
  file,
  position,
  count,
  editable,
  onMove,
  onReplace,
  onRemove,
}: AttachedFileProps) {
  const [thumbnailFailed, setThumbnailFailed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const replaceInput = useRef<HTMLInputElement>(null);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  /** Cancelling puts the person back on Remove, not at the top of the page (WCAG 2.4.3). */
  const focusRemoveAfterCancel = useRef(false);
  const name = file?.name ?? 'File';
  const kind = file ? fileKindOfMime(file.type) : null;
  const details = file
    ? [
        kind ? FILE_TYPES[kind].label : null,
        formatFileSize(file.size),
        file.pages ? plural(file.pages, 'page', 'pages') : null,
      ].filter(Boolean)
    : [];
  const headingId = `file-${fileId}-${position}-confirm`;

  useEffect(() => {
    if (confirming) {
      confirmHeading.current?.focus();
    } else if (focusRemoveAfterCancel.current) {
      focusRemoveAfterCancel.current = false;
      removeButton.current?.focus();
    }
  }, [confirming]);

  return (
    <li className="jointly-file">
      {thumbnailFailed ? (
        <span className="jointly-file__icon" aria-hidden="true">
          {kind ? FILE_TYPES[kind].extensions[0]?.slice(1).toUpperCase() : 'FILE'}
        </span>
      ) : (
        <img
          className="jointly-file__thumbnail"
          src={entryFileThumbnailUrl(entryId, fileId)}
          alt=""
          width={64}
          onError={() => setThumbnailFailed(true)}
        />
      )}
      <div className="jointly-file__body">
        <p className="nhsuk-body-s jointly-file__name">
          <strong>{name}</strong>
        </p>
        <p className="nhsuk-body-s jointly-file__meta">
          {file ? details.join(', ') : 'Loading details…'}
          {file ? (
            <>
              <br />
              Uploaded by {file.uploadedBy.name} ({file.uploadedBy.organisation.name}),{' '}
              {formatDateTime(file.uploadedAt)}
            </>
          ) : null}
        </p>
        <div className="jointly-button-row jointly-file__actions">
          <a className="nhsuk-body-s jointly-file__download" href={entryFileUrl(entryId, fileId)} download>
            Download<span className="nhsuk-u-visually-hidden"> {name}</span>
          </a>
          {editable && !confirming ? (
            <>
              {position > 0 ? (
                <button type="button" className={SMALL} onClick={() => onMove(-1)}>
                  Move up<span className="nhsuk-u-visually-hidden"> {name}</span>
                </button>
              ) : null}
              {position < count - 1 ? (
                <button type="button" className={SMALL} onClick={() => onMove(1)}>
                  Move down<span className="nhsuk-u-visually-hidden"> {name}</span>
                </button>
              ) : null}
              <button type="button" className={SMALL} onClick={() => replaceInput.current?.click()}>
                Replace<span className="nhsuk-u-visually-hidden"> {name}</span>
              </button>
              <input
                ref={replaceInput}
                type="file"
                accept={FILE_ACCEPT}
                hidden
                onChange={(event) => {
                  const chosen = event.target.files?.[0];
                  event.target.value = '';
                  if (chosen) onReplace(chosen);
                }}
              />
              <button
                type="button"
                ref={removeButton}
                className={`${SMALL} nhsuk-button--warning`}
                onClick={() => setConfirming(true)}
              >
                Remove<span className="nhsuk-u-visually-hidden"> {name}</span>
              </button>
            </>
          ) : null}
        </div>
        {editable && confirming ? (
          <ConfirmAction
            id={headingId}
            title={`Remove ${name}?`}
            confirmLabel="Yes, remove file"
            warning
            busy={false}
            onConfirm={() => {
              setConfirming(false);
              onRemove();
            }}
            onCancel={() => {
              focusRemoveAfterCancel.current = true;
              setConfirming(false);
            }}
            headingRef={confirmHeading}
          >
            It will no longer be part of this exhibit for anyone. The file stays stored with the entry.
          </ConfirmAction>
        ) : null}
      </div>
    </li>
  );
}

import type { FileDto } from '@jointly/shared';
import { AttachedFile } from './AttachedFile.tsx';
import { AttachFiles } from './AttachFiles.tsx';
import { appendFileId, moveFileId, removeFileId, replaceFileId } from './fileIdsEdits.ts';
import { useUploads } from './useUploads.ts';

type ItemFilesProps = {
  entryId: string;
  /** Prefix of element ids, unique on the page (e.g. "item-<id>-files"). */
  id: string;
  /** "Attached files" or "Signed consent forms". */
  heading: string;
  /** The attach button's words. */
  attachLabel: string;
  /** What the files belong to, for accessible names ("evidence: Waiting times"). */
  target: string;
  /** The file ids the document cites, in order. */
  fileIds: readonly string[];
  byId: ReadonlyMap<string, FileDto>;
  /** The per-file limit when the page knows it (null: the server says). */
  maxBytes: number | null;
  /** Editors before submission; viewers and submitted entries get downloads only. */
  editable: boolean;
  /** Changes the list as the document holds it now (editItemFiles). */
  onEdit(edit: (ids: readonly string[]) => string[]): void;
  onUploaded(file: FileDto): void;
};

/** An item's attached files (or a consent record's signed forms): the list, and for editors the attach control. */
export function ItemFiles({
  entryId,
  id,
  heading,
  attachLabel,
  target,
  fileIds,
  byId,
  maxBytes,
  editable,
  onEdit,
  onUploaded,
}: ItemFilesProps) {
  const { uploads, announcement, start } = useUploads(entryId, maxBytes);
  if (!editable && fileIds.length === 0) return null;

  return (
    <div className="jointly-item-files">
      <h5 className="nhsuk-body-s jointly-item-files__heading" id={`${id}-heading`}>
        <strong>{heading}</strong>
      </h5>
      {fileIds.length > 0 ? (
        <ol className="nhsuk-list jointly-item-files__list" aria-labelledby={`${id}-heading`}>
          {fileIds.map((fileId, position) => (
            <AttachedFile
              key={fileId}
              entryId={entryId}
              fileId={fileId}
              file={byId.get(fileId)}
              position={position}
              count={fileIds.length}
              editable={editable}
              onMove={(step) => onEdit((ids) => moveFileId(ids, fileId, step))}
              onReplace={(file) =>
                start([file], (stored) => {
                  onUploaded(stored);
                  onEdit((ids) => replaceFileId(ids, fileId, stored.id));
                })
              }
              onRemove={() => onEdit((ids) => removeFileId(ids, fileId))}
            />
          ))}
        </ol>
      ) : (
        <p className="nhsuk-body-s jointly-muted">None attached.</p>
      )}
      {editable ? (
        <AttachFiles
          id={id}
          label={attachLabel}
          target={target}
          uploads={uploads}
          announcement={announcement}
          onFiles={(files) =>
            start(files, (stored) => {
              onUploaded(stored);
              onEdit((ids) => appendFileId(ids, stored.id));
            })
          }
        />
      ) : null}
    </div>
  );
}

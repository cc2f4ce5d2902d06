import { PageHeading } from './PageHeading.tsx';

/** Shown when the API cannot be reached at all, instead of a blank page. */
export function ServiceUnavailable({ message }: { message?: string }) {
  return (
    <>
      <PageHeading>Sorry, there is a problem with the service</PageHeading>
      <p className="nhsuk-body">{message ?? 'Jointly could not be reached. Check your connection, then try again.'}</p>
      <p className="nhsuk-body">
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => window.location.reload()}>
          Try again
        </button>
      </p>
    </>
  );
}

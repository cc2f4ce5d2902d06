import { Link } from 'react-router';
import { PageHeading } from '../components/layout/PageHeading.tsx';

export function NotFoundPage() {
  return (
    <>
      <PageHeading>Page not found</PageHeading>
      <p className="nhsuk-body">If you typed the web address, check it is correct.</p>
      <p className="nhsuk-body">
        If you followed a link to an entry, you may not have access to it. Ask a lead on the entry to invite you.
      </p>
      <p className="nhsuk-body">
        <Link to="/">Go to your entries</Link>
      </p>
    </>
  );
}

import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Countdown } from './Countdown.tsx';

describe('Countdown', () => {
  afterEach(cleanup);

  it('says in words how long is left, to which deadline and when', () => {
    render(
      <Countdown
        countdown={{ to: '2027-03-13T17:00:00.000Z', which: 'entry' }}
        now={Date.parse('2027-03-01T09:00:00Z')}
      />,
    );
    expect(screen.getByText('12 days left')).toBeTruthy();
    expect(screen.getByText('to the entry’s own deadline, 13 March 2027 at 5:00pm')).toBeTruthy();
  });

  it('names the award’s deadline, and says when it has passed', () => {
    render(
      <Countdown
        countdown={{ to: '2027-03-13T17:00:00.000Z', which: 'award' }}
        now={Date.parse('2027-03-15T09:00:00Z')}
      />,
    );
    expect(screen.getByText('Passed 2 days ago')).toBeTruthy();
    expect(screen.getByText(/to the award’s deadline/)).toBeTruthy();
  });

  it('shows nothing when there is no deadline', () => {
    const { container } = render(<Countdown countdown={null} />);
    expect(container.textContent).toBe('');
  });
});

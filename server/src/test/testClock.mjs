// A clock the test sets, for server processes it starts (`NODE_OPTIONS=--import <this file>`
// with JOINTLY_TEST_CLOCK_FILE): Date reads the real time plus the milliseconds written in that
// file (re-read at most every 50 ms), so a test moves every process's clock at once, days ahead,
// without waiting. Tests only: a server started without the variable is untouched.
import fs from 'node:fs';

const file = process.env.JOINTLY_TEST_CLOCK_FILE;
if (file) {
  const RealDate = globalThis.Date;
  const realNow = RealDate.now.bind(RealDate);
  let offset = 0;
  let readAt = Number.NEGATIVE_INFINITY;
  const now = () => {
    const real = realNow();
    if (real - readAt > 50) {
      readAt = real;
      try {
        offset = Number(fs.readFileSync(file, 'utf8')) || 0;
      } catch {
        // No file yet: no offset.
      }
    }
    return real + offset;
  };
  class TestDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(now());
      else super(...args);
    }
    static now() {
      return now();
    }
  }
  globalThis.Date = TestDate;
}

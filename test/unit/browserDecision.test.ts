import { browserDecision } from '../support/browser';

describe('whether the browser tests run', () => {
  test('they run when Chromium is there, in CI or not', () => {
    expect(browserDecision(true, 'true').action).toBe('run');
    expect(browserDecision(true, undefined).action).toBe('run');
  });
  test('locally without Chromium they are skipped with one line saying how to install it', () => {
    const { action, message } = browserDecision(false, undefined);
    expect(action).toBe('skip');
    expect(message).toContain('apt-get install -y chromium');
    expect(message).not.toContain('\n');
  });
  test('in CI a missing browser fails the run', () => {
    expect(browserDecision(false, 'true').action).toBe('fail');
  });
});

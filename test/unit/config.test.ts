import { loadConfig } from '../../src/kernel/config';

const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), SMTP_URL: 'smtp://mail.example:587' };

describe('configuration', () => {
  test('a fresh production database gets no demo people unless DEMO_DATA says so', () => {
    expect(loadConfig(production).DEMO_DATA).toBe(false);
    expect(loadConfig({ ...production, DEMO_DATA: 'true' }).DEMO_DATA).toBe(true);
  });

  test('development and tests load demo data by default, and DEMO_DATA=false turns it off', () => {
    expect(loadConfig({}).DEMO_DATA).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).DEMO_DATA).toBe(true);
    expect(loadConfig({ DEMO_DATA: 'false' }).DEMO_DATA).toBe(false);
  });

  test('a wrong value stops start-up naming the variable', () => {
    expect(() => loadConfig({ DEMO_DATA: 'yes' })).toThrow(/DEMO_DATA/);
  });
});

import { loadConfig } from './config';

const good = {
  DATABASE_URL: 'postgres://u@127.0.0.1:5432/cop',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'x'.repeat(40),
};

describe('loadConfig', () => {
  it('accepts a complete environment and fills defaults', () => {
    const c = loadConfig(good);
    expect(c.PORT).toBe(3000);
    expect(c.PUBLIC_URL).toBe('http://localhost:3000');
    expect(c.TRUST_PROXY).toBe(false);
    expect(c.DATABASE_POOL_SIZE).toBe(20);
    expect(loadConfig({ ...good, DATABASE_POOL_SIZE: '8' }).DATABASE_POOL_SIZE).toBe(8);
  });

  it.each([
    [{ ...good, DATABASE_URL: undefined }, /^Configuration error: DATABASE_URL is required but not set$/],
    [{ ...good, DATABASE_URL: 'mysql://x' }, /^Configuration error: DATABASE_URL must be a URL such as postgres:/],
    [{ ...good, REDIS_URL: 'nope' }, /^Configuration error: REDIS_URL must be a URL/],
    [{ ...good, JWT_SECRET: 'short' }, /^Configuration error: JWT_SECRET must be at least 32/],
    [{ ...good, PORT: 'eighty' }, /^Configuration error: PORT /],
    [{ ...good, DATABASE_POOL_SIZE: '0' }, /^Configuration error: DATABASE_POOL_SIZE /],
  ])('rejects a bad environment with one line naming the variable (%#)', (env, message) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(message);
  });
});

// One jest run, four projects: unit (pure, no database), medium (services and repositories on a real
// PostgreSQL), e2e (each app's real HTTP server through supertest) and browser (real Chromium).
// The global setup starts one embedded PostgreSQL and migrates a template database once per run;
// each medium/e2e/browser test file then works in its own copy of it.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // Nest 12 and a few other dependencies ship ESM only: let swc down-compile them for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|uuid|@apidevtools|@scure)/)'],
  moduleNameMapper: { '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src' },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
};

module.exports = {
  // Per-project timeouts are not honoured by jest 30; a generous global one covers real servers and
  // browsers, while unit tests finish in milliseconds anyway.
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/harness/global-setup.ts',
  globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/harness/project-summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,hardware}/**/*.spec.ts'] },
    { ...common, displayName: 'medium', testMatch: ['<rootDir>/{apps,libs}/**/*.medium-spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{apps,test}/**/*.e2e-spec.ts'],
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/{apps,test}/**/*.browser-spec.ts'],
    },
  ],
};

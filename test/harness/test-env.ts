/** Environment variables the global setup uses to hand the test server to the test workers. */
export const TEST_ENV = {
  serverUrl: 'CARTABLE_TEST_SERVER_URL',
  templateName: 'CARTABLE_TEST_TEMPLATE',
  binFolder: 'CARTABLE_TEST_PG_BIN',
  noDatabase: 'CARTABLE_TEST_NO_DB',
  chromiumPath: 'CARTABLE_TEST_CHROMIUM',
} as const;

// Prints how many tests each jest project ran, and fails the run when a project ran none:
// `npm test` must never skip a whole layer of the suite silently.
'use strict';
class ProjectSummaryReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
    this.counts = new Map();
  }
  onTestResult(test, result) {
    const name = test.context.config.displayName?.name ?? 'default';
    const entry = this.counts.get(name) ?? { files: 0, passed: 0, failed: 0, skipped: 0 };
    entry.files += 1;
    entry.passed += result.numPassingTests;
    entry.failed += result.numFailingTests;
    entry.skipped += result.numPendingTests + result.numTodoTests;
    this.counts.set(name, entry);
  }
  onRunComplete(_contexts, results) {
    // tools/test.js (the `npm test` run) asks for every project; a developer's partial run prints what ran.
    const requireAll = process.env.CARTABLE_TEST_REQUIRE_ALL_PROJECTS === '1';
    const expected = requireAll ? ['unit', 'medium', 'e2e', 'browser'] : [...this.counts.keys()];
    const lines = ['', 'Tests by project:'];
    const missing = [];
    for (const name of expected) {
      const c = this.counts.get(name);
      if (!c || c.passed + c.failed === 0) missing.push(name);
      lines.push(
        `  ${name.padEnd(8)} ${c ? `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped in ${c.files} files` : 'no tests ran'}`,
      );
    }
    console.log(lines.join('\n'));
    if (missing.length > 0 && requireAll) {
      console.error(`\nNo tests ran in project(s): ${missing.join(', ')}`);
      results.success = false;
      process.exitCode = 1;
    }
  }
}
module.exports = ProjectSummaryReporter;

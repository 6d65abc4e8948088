#!/usr/bin/env node
// The test command behind `npm test` (after lint, type-check and build):
// 1. one jest run of the four projects (unit, medium, e2e, browser) under TZ=UTC, failing when any
//    project ran no test at all;
// 2. the unit and medium projects again under TZ=Europe/Paris, because school-year boundaries and business
//    days must not depend on the server's time zone.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const jest = path.join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const extra = process.argv.slice(2);

function run(label, timeZone, args, requireAll) {
  console.log(`\n=== ${label} (TZ=${timeZone}) ===`);
  const result = spawnSync(process.execPath, [jest, '--ci', ...args, ...extra], {
    stdio: 'inherit',
    env: { ...process.env, TZ: timeZone, CARTABLE_TEST_REQUIRE_ALL_PROJECTS: requireAll ? '1' : '0' },
  });
  return result.status ?? 1;
}

const first = run('all projects', 'UTC', [], true);
if (first !== 0) process.exit(first);
process.exit(run('unit and medium again', 'Europe/Paris', ['--selectProjects', 'unit', 'medium'], false));

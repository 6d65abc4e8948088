import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, found from this file whether it runs from sources (jest) or from dist/. */
export function projectRoot(): string {
  let folder = __dirname;
  for (let depth = 0; depth < 8; depth += 1) {
    if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, 'libs'))) return folder;
    folder = dirname(folder);
  }
  throw new Error(`could not find the project root above ${__dirname}`);
}

import { readFile, stat } from 'node:fs/promises';

import { Inject, Injectable } from '@nestjs/common';

import { assert } from '@app/core';
import { APP_CONFIG, type AppConfig } from '@app/platform';

/** An outline of five départements is ~10 KB; a few MB is the most a browser should ever fetch for it. */
const OUTLINE_SIZE_BYTES_MAX = 5 * 1024 * 1024;

/**
 * The départements' outline drawn on the map, read from MAP_OUTLINE_GEOJSON (a file we do not ship: it is
 * configured, e.g. from ../shared/data in tests and demos). Read once, checked to be GeoJSON, kept in memory.
 */
@Injectable()
export class MapOutlineSource {
  private cached: Promise<string | undefined> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The outline's GeoJSON text, or undefined when none is configured. */
  outline(): Promise<string | undefined> {
    this.cached ??= this.read();
    return this.cached;
  }

  private async read(): Promise<string | undefined> {
    const path = this.config.map.outlineGeojsonPath;
    if (path === undefined) return undefined;
    const size = (await stat(path)).size;
    assert(
      size <= OUTLINE_SIZE_BYTES_MAX,
      `MAP_OUTLINE_GEOJSON is ${size} bytes, above ${OUTLINE_SIZE_BYTES_MAX}`,
    );
    const text = await readFile(path, 'utf8');
    const parsed = JSON.parse(text) as { type?: unknown };
    assert(
      parsed.type === 'FeatureCollection' || parsed.type === 'Feature',
      'MAP_OUTLINE_GEOJSON must hold a GeoJSON Feature or FeatureCollection',
    );
    return text;
  }
}

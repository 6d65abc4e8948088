import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

import { DIRECTORY_CURSOR_LENGTH_MAX, PARTNER_CATEGORIES } from '@app/partners';

// Generous transport caps only; the meaning and ranges are checked by parseDirectoryQuery (@app/partners).
const NUMBER_LIST_LENGTH_MAX = 120;
const TEXT_LENGTH_MAX = 200;

/** `GET /v1/directory/sites` query parameters (CONTRACT.md). Repeated or unknown parameters are refused. */
export class DirectoryQueryDto {
  @ApiPropertyOptional({
    description: 'Point to search around, `lat,lon` in decimal degrees; results by distance',
    example: '49.894,2.296',
  })
  @IsOptional()
  @IsString()
  @MaxLength(NUMBER_LIST_LENGTH_MAX)
  near?: string;

  @ApiPropertyOptional({ description: 'Radius around `near`, in km (0 < r ≤ 200)', example: '10' })
  @IsOptional()
  @IsString()
  @MaxLength(NUMBER_LIST_LENGTH_MAX)
  radiusKm?: string;

  @ApiPropertyOptional({
    description: 'Bounding box `south,west,north,east` in decimal degrees',
    example: '49.8,2.2,50.0,2.4',
  })
  @IsOptional()
  @IsString()
  @MaxLength(NUMBER_LIST_LENGTH_MAX)
  bbox?: string;

  @ApiPropertyOptional({ enum: PARTNER_CATEGORIES.map((category) => category.code) })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LENGTH_MAX)
  category?: string;

  @ApiPropertyOptional({
    description: 'Name, town or postcode; case- and accent-insensitive',
    example: 'amiens',
  })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LENGTH_MAX)
  q?: string;

  @ApiPropertyOptional({ description: 'Page size, 1 to 100 (default 20)', example: '20' })
  @IsOptional()
  @IsString()
  @MaxLength(NUMBER_LIST_LENGTH_MAX)
  limit?: string;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s `nextCursor`' })
  @IsOptional()
  @IsString()
  @MaxLength(DIRECTORY_CURSOR_LENGTH_MAX)
  cursor?: string;

  @ApiPropertyOptional({
    enum: ['json', 'geojson'],
    description: '`geojson` answers a GeoJSON FeatureCollection',
  })
  @IsOptional()
  @IsIn(['json', 'geojson'])
  format?: 'json' | 'geojson';
}

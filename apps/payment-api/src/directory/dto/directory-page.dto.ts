import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { PARTNER_CATEGORIES } from '@app/partners';

// Response shapes, for the OpenAPI document only: the service's DirectoryPage is returned as is.

export class DirectoryAddressDto {
  @ApiProperty({ example: '3 rue des Trois-Cailloux' }) street: string;
  @ApiProperty({ example: '80000' }) postcode: string;
  @ApiProperty({ example: 'Amiens' }) town: string;
}

export class DirectorySiteDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Librairie du Beffroi' }) name: string;
  @ApiProperty({ enum: PARTNER_CATEGORIES.map((category) => category.code) }) category: string;
  @ApiProperty({ type: DirectoryAddressDto }) address: DirectoryAddressDto;
  @ApiProperty({ example: 49.8935 }) lat: number;
  @ApiProperty({ example: 2.2986 }) lon: number;
  @ApiPropertyOptional({
    description: 'Great-circle distance from `near`, km (only with `near`)',
    example: 1.234,
  })
  distanceKm?: number;
  @ApiProperty({ type: [String], example: ['MANUEQUIP'] }) acceptedWalletTypes: string[];
  @ApiProperty({
    description: 'Weekly hours: monday … sunday → intervals, Europe/Paris local time; absent days are closed',
    type: 'object',
    additionalProperties: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          opens: { type: 'string', example: '09:30' },
          closes: { type: 'string', example: '19:00' },
        },
      },
    },
  })
  openingHours: Record<string, { opens: string; closes: string }[]>;
  @ApiProperty({ nullable: true, type: String, example: '03 22 12 34 56' }) phone: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'https://librairie.example/' }) website:
    string | null;
}

export class DirectoryPageDto {
  @ApiProperty({ type: [DirectorySiteDto] }) items: DirectorySiteDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null at the end',
  })
  nextCursor: string | null;
}
